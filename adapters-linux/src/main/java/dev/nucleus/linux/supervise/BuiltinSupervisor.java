package dev.nucleus.linux.supervise;

import dev.nucleus.linux.jni.NativeDaemon;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.ServiceSupervisor;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Supervision without systemd: {@code nucleus supervise FILE} started by a double fork with
 * {@code setsid} (NativeDaemon), so it outlives this command and belongs to no terminal. It
 * takes the launch's secrets on its stdin, a pipe (never a file), and reports over another (its
 * stdout, stderr and fd 3 until the container runs) what the launch said, ending with a
 * {@link StatusMarker}; this command waits for that, then exits.
 */
public final class BuiltinSupervisor implements ServiceSupervisor {
    private final Path stateBase;
    private final List<String> supervise;
    private final Map<String, String> environment;

    /**
     * @param supervise the command that runs a supervisor, e.g. {@code [.../bin/nucleus, supervise]};
     *                  the launch file's path is appended
     */
    public BuiltinSupervisor(Path stateBase, List<String> supervise, Map<String, String> environment) {
        this.stateBase = stateBase;
        this.supervise = List.copyOf(supervise);
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String kind() {
        return "builtin";
    }

    @Override
    public Outcome start(String id, byte[] launchDocument) throws LaunchFailedException {
        return start(id, launchDocument, new byte[0]);
    }

    @Override
    public boolean pipesSecrets() {
        return true;
    }

    @Override
    public Outcome start(String id, byte[] launchDocument, byte[] secrets) throws LaunchFailedException {
        Path file = LaunchFiles.handOver(stateBase, id, launchDocument, "a supervisor");
        List<String> argv = new ArrayList<>(supervise);
        argv.add(file.toString());
        int[] status;
        int[] input;
        try {
            status = NativeDaemon.pipe();
        } catch (NativeShimException e) {
            deleteQuietly(file);
            throw new LaunchFailedException("cannot start a supervisor: " + e.getMessage(), e);
        }
        try {
            input = NativeDaemon.pipe();
        } catch (NativeShimException e) {
            NativeShim.close(status[0]);
            NativeShim.close(status[1]);
            deleteQuietly(file);
            throw new LaunchFailedException("cannot start a supervisor: " + e.getMessage(), e);
        }
        long pid;
        try {
            pid = NativeDaemon.spawnDetached(argv.getFirst(), argv.toArray(String[]::new), environ(), status[1],
                    input[0]);
        } catch (NativeShimException e) {
            NativeShim.close(status[0]);
            NativeShim.close(input[1]);
            deleteQuietly(file);
            throw new LaunchFailedException("cannot start a supervisor (" + argv.getFirst() + "): " + e.getMessage(), e);
        } finally {
            NativeShim.close(status[1]);
            NativeShim.close(input[0]);
        }
        handSecrets(input[1], secrets);
        String said;
        try (InputStream in = new FileInputStream("/proc/self/fd/" + status[0])) {
            NativeShim.close(status[0]);
            said = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LaunchFailedException("lost the supervisor's report: " + e.getMessage(), e);
        }
        return outcome(said, pid, file);
    }

    /**
     * Writes the secrets to the supervisor's stdin and closes it (its end of file). A supervisor
     * that died first leaves a broken pipe: its report says why, so that is no error here. More
     * than a pipe holds waits for the supervisor, which reads its stdin before anything else.
     */
    private static void handSecrets(int fd, byte[] secrets) {
        try (java.io.OutputStream out = new java.io.FileOutputStream("/proc/self/fd/" + fd)) {
            NativeShim.close(fd);
            out.write(secrets);
        } catch (IOException e) {
            // the supervisor is gone: outcome() reports it
        } finally {
            java.util.Arrays.fill(secrets, (byte) 0);
        }
    }

    static Outcome outcome(String said, long pid, Path file) {
        String body = said.endsWith("\n") ? said.substring(0, said.length() - 1) : said;
        int cut = body.lastIndexOf('\n');
        String last = body.substring(cut + 1);
        OptionalInt marker = StatusMarker.parse(last);
        if (marker.isPresent()) {
            return new Outcome(marker.getAsInt(), cut < 0 ? "" : body.substring(0, cut + 1));
        }
        deleteQuietly(file); // it died before taking it
        return new Outcome(125, said + (said.isEmpty() || said.endsWith("\n") ? "" : "\n")
                + "nucleus: the supervisor (pid " + pid + ") ended before the container started\n");
    }

    private String[] environ() {
        return environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the supervisor's own cleanup, or the next create, removes it
        }
    }
}
