package dev.nucleus.linux.hooks;

import dev.nucleus.domain.hooks.Hook;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.linux.process.StreamCopy;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.EventSink;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the hooks of one point, in order, each with the container's OCI state JSON on stdin, only
 * its own environment, and its output on the runtime's stderr. createContainer and startContainer
 * hooks run inside
 * the container's mount, uts, ipc, net and pid namespaces through {@code nsenter} (a fixed path,
 * owned by root and writable by nobody else). A hook that fails or outlives its timeout stops the
 * launch; at poststop it is only a warning.
 */
public final class HookRunner {
    static final Path NSENTER = Path.of("/usr/bin/nsenter");
    /** How long the hook's remaining output may take to arrive once the hook has exited. */
    private static final long OUTPUT_DRAIN_MILLIS = 2_000;

    private final EventSink events;
    private final OutputStream output;

    public HookRunner(EventSink events) {
        this(events, new FileOutputStream(FileDescriptor.err));
    }

    /**
     * {@code output} receives each hook's stdout and stderr (a supervisor's: where its launch
     * messages go, which is the waiting {@code run -d} until the container runs).
     */
    public HookRunner(EventSink events, OutputStream output) {
        this.events = events;
        this.output = output;
    }

    public void run(HookPoint point, List<Hook> hooks, String stateJson, long containerPid)
            throws LaunchFailedException {
        for (int i = 0; i < hooks.size(); i++) {
            String name = point.ociName() + "[" + i + "] " + hooks.get(i).path();
            try {
                runOne(point, hooks.get(i), stateJson, containerPid, name);
            } catch (LaunchFailedException e) {
                if (point.fatal()) {
                    throw e;
                }
                events.warning(e.getMessage());
            }
        }
    }

    private void runOne(HookPoint point, Hook hook, String stateJson, long pid, String name)
            throws LaunchFailedException {
        List<String> command = new ArrayList<>();
        if (point == HookPoint.CREATE_CONTAINER || point == HookPoint.START_CONTAINER) {
            command.addAll(List.of(trusted(NSENTER).toString(), "--target", Long.toString(pid), "--mount", "--uts",
                    "--ipc", "--net", "--pid", "--"));
        }
        command.add(hook.path());
        if (hook.args().size() > 1) {
            command.addAll(hook.args().subList(1, hook.args().size())); // args[0] is the program's own name
        }
        // Both streams through a pipe onto our own fd 2: a file opened again by name (/proc/self/fd/2)
        // has an offset of its own, so after `2>file` our next message overwrote the hook's output.
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.clear();
        for (String kv : hook.env()) {
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new LaunchFailedException("hook " + name + " cannot be started: " + e.getMessage(), e);
        }
        Thread copy = StreamCopy.start(p.getInputStream(), output);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stateJson.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a hook that does not read its stdin is fine
        }
        try {
            waitFor(p, hook, name);
        } finally {
            // the copy ends with the hook's output; a child it left holding the pipe gets a bound
            joinQuietly(copy);
        }
        if (p.exitValue() != 0) {
            throw new LaunchFailedException("hook " + name + " failed with exit status " + p.exitValue());
        }
    }

    private static void waitFor(Process p, Hook hook, String name) throws LaunchFailedException {
        try {
            boolean done = true;
            if (hook.timeoutSeconds().isPresent()) {
                done = p.waitFor(hook.timeoutSeconds().getAsInt(), TimeUnit.SECONDS);
            } else {
                p.waitFor();
            }
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                throw new LaunchFailedException("hook " + name + " timed out after " + hook.timeoutSeconds().getAsInt()
                        + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new LaunchFailedException("hook " + name + " was interrupted", e);
        }
    }

    private static void joinQuietly(Thread copy) {
        try {
            copy.join(OUTPUT_DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A helper program from a fixed path, owned by root and writable by nobody else. */
    static Path trusted(Path program) throws LaunchFailedException {
        try {
            PosixFileAttributes a = Files.readAttributes(program, PosixFileAttributes.class);
            if (!a.owner().getName().equals("root") || a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new LaunchFailedException(program + " is not owned by root or is writable by others: not run");
            }
            return program;
        } catch (IOException e) {
            throw new LaunchFailedException(program + " is needed for createContainer hooks: " + e.getMessage(), e);
        }
    }
}
