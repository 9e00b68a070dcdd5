package dev.nucleus.linux.hooks;

import dev.nucleus.domain.hooks.Hook;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.linux.jni.NativeChild;
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
        // Both streams through one pipe onto our own fd 2: a file opened again by name (/proc/self/fd/2)
        // has an offset of its own, so after `2>file` our next message overwrote the hook's output.
        // posix_spawn, not ProcessBuilder: its first start costs a cold JVM some 14 ms (NativeChild).
        NativeChild p;
        try {
            p = NativeChild.startMerged(command, hook.env(), stateJson.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LaunchFailedException("hook " + name + " cannot be started: " + e.getMessage(), e);
        }
        int status;
        try (p) {
            Thread copy = StreamCopy.start(p.stdout(), output);
            try {
                status = waitFor(p, hook, name);
            } finally {
                // the copy ends with the hook's output; a child it left holding the pipe gets a bound
                joinQuietly(copy);
            }
        }
        if (status != 0) {
            throw new LaunchFailedException("hook " + name + " failed with exit status " + status);
        }
    }

    /** Its exit status; past its timeout it is killed, with whatever it started, and the launch fails. */
    private static int waitFor(NativeChild p, Hook hook, String name) throws LaunchFailedException {
        if (hook.timeoutSeconds().isPresent() && !p.awaitEnd(hook.timeoutSeconds().getAsInt() * 1000)) {
            ProcessHandle.of(p.pid()).ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
            p.waitFor();
            throw new LaunchFailedException("hook " + name + " timed out after " + hook.timeoutSeconds().getAsInt()
                    + " s");
        }
        return p.waitFor();
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
