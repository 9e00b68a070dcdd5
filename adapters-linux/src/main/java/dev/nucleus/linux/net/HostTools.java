package dev.nucleus.linux.net;

import dev.nucleus.linux.jni.NativeChild;
import dev.nucleus.linux.process.StreamCopy;
import dev.nucleus.ports.LaunchFailedException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The host programs the runtime runs (networking's {@code ip}, {@code iptables-save},
 * {@code iptables-restore}, {@code ip6tables-restore}, {@code nsenter}, {@code slirp4netns}; the
 * user namespace's {@code newuidmap} and {@code newgidmap}): found only in
 * fixed system directories, and only when
 * the file, resolved, is owned by root and writable by nobody else — a PATH entry or a writable
 * binary would let anyone choose what runs as root. Run with a clean environment.
 */
public final class HostTools {
    public static final List<Path> TRUSTED_DIRECTORIES = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"),
            Path.of("/bin"));
    private static final Map<String, Path> FOUND = new ConcurrentHashMap<>();

    private HostTools() {
    }

    /** The trusted path of {@code name}, or a failure naming where it was looked for. */
    public static Path find(String name) throws LaunchFailedException {
        Path cached = FOUND.get(name);
        if (cached != null) {
            return cached;
        }
        Optional<Path> found = locate(name, TRUSTED_DIRECTORIES);
        if (found.isEmpty()) {
            throw new LaunchFailedException(name + " not found (as a root-owned file nobody else may write) in "
                    + TRUSTED_DIRECTORIES + "; install it (scripts/setup.sh)");
        }
        FOUND.put(name, found.get());
        return found.get();
    }

    public static Optional<Path> locate(String name, List<Path> directories) {
        for (Path dir : directories) {
            Path p = dir.resolve(name);
            try {
                Path real = p.toRealPath();
                int uid = (Integer) Files.getAttribute(real, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if (Files.isRegularFile(real) && Files.isExecutable(real) && uid == 0 && (mode & 0022) == 0) {
                    return Optional.of(p);
                }
            } catch (IOException | RuntimeException e) {
                // not here
            }
        }
        return Optional.empty();
    }

    /** Runs {@code tool args...}; returns its stdout; a non-zero exit fails naming the command and its stderr. */
    static String run(String tool, List<String> args) throws LaunchFailedException {
        Result r = exec(tool, args);
        if (r.exit() != 0) {
            throw new LaunchFailedException(tool + " " + String.join(" ", args) + " failed (exit " + r.exit() + "): "
                    + r.err().strip());
        }
        return r.out();
    }

    /** The whole environment of a tool: a fixed PATH, nothing of ours. */
    private static final List<String> TOOL_ENVIRONMENT = List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin");

    /** Runs it and returns how it went, without judging. */
    public static Result exec(String tool, List<String> args) throws LaunchFailedException {
        List<String> argv = new ArrayList<>();
        argv.add(find(tool).toString());
        argv.addAll(args);
        // posix_spawn, not ProcessBuilder: its first start scans the whole class path for a logger
        try (NativeChild p = NativeChild.start(argv, TOOL_ENVIRONMENT, true);
             var outStream = p.stdout(); var errStream = p.stderr()) {
            // stderr drained alongside: a tool filling that pipe first would otherwise never finish
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = StreamCopy.start(errStream, err);
            byte[] out = outStream.readAllBytes();
            errReader.join();
            return new Result(p.waitFor(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot run " + tool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while running " + tool, e);
        }
    }

    /** {@code tool args...} inside the network namespace of process {@code pid}, through nsenter. */
    static String runIn(long pid, String tool, List<String> args) throws LaunchFailedException {
        return run("nsenter", inNamespace(pid, tool, args));
    }

    /** As {@link #runIn}, returning how it went without judging. */
    static Result execIn(long pid, String tool, List<String> args) throws LaunchFailedException {
        return exec("nsenter", inNamespace(pid, tool, args));
    }

    private static List<String> inNamespace(long pid, String tool, List<String> args) throws LaunchFailedException {
        List<String> all = new ArrayList<>(List.of("-t", Long.toString(pid), "-n", "--", find(tool).toString()));
        all.addAll(args);
        return all;
    }

    public record Result(int exit, String out, String err) {
    }

    /** Where a batch tool runs: on the host ({@link #exec}) or in a process's network namespace ({@link #execIn}). */
    interface Place {
        Result exec(String tool, List<String> args) throws LaunchFailedException;
    }

    static Place onHost() {
        return HostTools::exec;
    }

    static Place inNetworkOf(long pid) {
        return (tool, args) -> execIn(pid, tool, args);
    }
}
