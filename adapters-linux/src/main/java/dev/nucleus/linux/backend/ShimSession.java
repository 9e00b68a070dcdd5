package dev.nucleus.linux.backend;

import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.linux.sys.Errno;
import dev.nucleus.ports.LaunchFailedException;

import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One conversation with {@code nucleus-shim} over the control socket (native/PLAN_FORMAT.md):
 * spawn, PID, GO or ABORT, then EXECED or a failure, then EXIT. Closing the session before EXIT
 * makes the shim kill the container: a dying runtime never leaves a workload behind.
 */
final class ShimSession implements AutoCloseable {
    static final int EXEC_OP = 31;

    private final long shimPid;
    private final int control;
    private final int pidfd;
    private final java.util.Map<Integer, Long> syscallCounts = new java.util.TreeMap<>();
    private Optional<Long> auditSession = Optional.empty();
    private Optional<LaunchFailedException> failedBeforeGo = Optional.empty();
    private boolean closed;

    private ShimSession(long[] spawned) {
        this.shimPid = spawned[0];
        this.control = (int) spawned[1];
        this.pidfd = (int) spawned[2];
    }

    /** A shim {@link NativeShim#start}ed already, waiting for {@link #deliver}. */
    static ShimSession of(long[] started) {
        return new ShimSession(started);
    }

    /**
     * The plan, the container's cgroup2 directory (or null), which the shim clones the container
     * into, and the idmapped trees for the plan's ATTACH_ROOTFS and ATTACH_LAYER (or -1). A
     * failure is the launch's; closing the session then ends the shim.
     */
    void deliver(byte[] plan, String cgroup2Dir, int rootfsTree, int layerTree) throws LaunchFailedException {
        try {
            NativeShim.deliver(control, plan, cgroup2Dir, -1, rootfsTree, layerTree);
        } catch (NativeShimException e) {
            throw new LaunchFailedException("cannot hand nucleus-shim its plan: " + e.getMessage(), e);
        }
    }

    /**
     * Attach: the shim joins the namespaces of the process {@code targetPidfd} refers to, then
     * clones; in a session of its own (no controlling terminal of the caller's), with {@code stdio}
     * (null, or 3 fds, -1 for one inherited) as its fd 0-2.
     */
    static ShimSession spawnInto(byte[] plan, String cgroup2Dir, int targetPidfd, boolean quiet, int[] stdio) {
        return new ShimSession(NativeShim.spawnInto(NativeShim.shimPath(), plan, cgroup2Dir, targetPidfd, quiet,
                stdio, true));
    }

    /** Waits for the container process to exist; returns its host pid. */
    long awaitPid(IntFunction<String> plan) throws LaunchFailedException {
        int[] m = next();
        if (m[0] != NativeShim.MSG_PID) {
            throw failure(m, plan);
        }
        auditSession = m[2] == -1 ? Optional.empty() : Optional.of(Integer.toUnsignedLong(m[2]));
        return m[1];
    }

    /** The container's own audit session ({@code ses=} of its audit records), once the PID arrived. */
    Optional<Long> auditSession() {
        return auditSession;
    }

    /**
     * Tells the container process its id maps are written: a plan that awaits them ({@link
     * dev.nucleus.domain.plan.Step.AwaitMaps}) goes on with its mounts until its GO.
     */
    void mapsWritten() {
        sendUnlessGone(NativeShim.MSG_MAPS);
    }

    /**
     * GO. Should the shim be gone already (the container process failed a step before GO, and the
     * shim reported that and exited), the records it sent are still to be read: {@link #awaitExec}
     * reports them.
     */
    void go() {
        sendUnlessGone(NativeShim.MSG_GO);
    }

    private void sendUnlessGone(int type) {
        try {
            NativeShim.send(control, type, 0);
        } catch (NativeShimException e) {
            // EPIPE: the shim has exited; its STEP_FAILED and EXIT wait in the socket
        }
    }

    /**
     * The failure the container process reported before GO, if it did. Its steps before
     * AWAIT_GO run while the runtime does its part; when one fails, the runtime's own error
     * (a process or a namespace gone) is only its consequence. Empty while the process lives
     * (it waits for GO: the error is the runtime's); once it is gone, waits a moment for its record.
     */
    Optional<LaunchFailedException> failedBeforeGo(long pid, IntFunction<String> plan) {
        if (failedBeforeGo.isPresent()) {
            return failedBeforeGo; // read already: its record is consumed
        }
        try {
            int[] m = NativeShim.receive(control, 0);
            if (m == null) {
                java.util.OptionalLong start = ProcStart.of(pid);
                if (start.isPresent() && ProcStart.alive(new ContainerProcess(pid, start.getAsLong()))) {
                    return Optional.empty();
                }
                m = NativeShim.receive(control, 1000);
            }
            if (m != null && m[0] == NativeShim.MSG_STEP_FAILED) {
                failedBeforeGo = Optional.of(failure(m, plan));
            }
            return failedBeforeGo;
        } catch (RuntimeException e) {
            return Optional.empty(); // the shim is gone too: the runtime's own error stands
        }
    }

    /** The control socket, for a native signal handler that sends SIGNAL messages itself. */
    int controlFd() {
        return control;
    }

    void forwardSignal(int signal) {
        if (!closed) {
            try {
                NativeShim.send(control, NativeShim.MSG_SIGNAL, signal);
            } catch (NativeShimException e) {
                // the shim has exited (EPIPE): no workload is left to signal
            }
        }
    }

    /**
     * Waits for the workload to start. Returns normally on EXECED; a missing or non-executable
     * program returns its exit status (127, 126) after a message; other failures throw.
     */
    /** What runs while the container waits at its HOOK_PAUSE step (startContainer hooks). */
    interface Pause {
        void run() throws LaunchFailedException;
    }

    /** As above; at a PAUSED message runs {@code atPause}, then lets the container go on (RESUME). */
    int awaitExec(IntFunction<String> plan, StringBuilder programError, Terminal terminal, Pause atPause)
            throws LaunchFailedException {
        int[] m = next();
        while (m[0] == NativeShim.MSG_TERMINAL || m[0] == NativeShim.MSG_PAUSED) {
            if (m[0] == NativeShim.MSG_PAUSED) {
                atPause.run(); // a failure propagates: closing the session kills the waiting container
                NativeShim.send(control, NativeShim.MSG_RESUME, 0);
            } else if (terminal != null) {
                terminal.attach(m[4]);
            } else if (m[4] >= 0) {
                NativeShim.close(m[4]); // never asked for: drop it
            }
            m = next();
        }
        if (m[0] == NativeShim.MSG_EXECED) {
            return -1;
        }
        if (m[0] == NativeShim.MSG_STEP_FAILED && m[3] == EXEC_OP && (m[2] == Errno.ENOENT || m[2] == Errno.EACCES
                || m[2] == Errno.ENOEXEC)) {
            programError.append(Errno.describe(m[2]));
            return m[2] == Errno.ENOENT ? 127 : 126;
        }
        throw failure(m, plan);
    }

    /** Waits for the workload to end; returns the raw wait status. Trace mode's counts arrive first. */
    int awaitExit(IntFunction<String> plan) throws LaunchFailedException {
        int[] m = next();
        while (m[0] == NativeShim.MSG_EXECED || m[0] == NativeShim.MSG_TRACE_COUNT) {
            if (m[0] == NativeShim.MSG_TRACE_COUNT) {
                syscallCounts.merge(m[1], Integer.toUnsignedLong(m[2]) | (long) m[3] << 32, Long::sum);
            }
            m = next();
        }
        if (m[0] != NativeShim.MSG_EXIT) {
            throw failure(m, plan);
        }
        return m[1];
    }

    /** Trace mode: how often each syscall (by x86_64 number) was called under the trace filter. */
    java.util.Map<Integer, Long> syscallCounts() {
        return java.util.Collections.unmodifiableMap(syscallCounts);
    }

    private int[] next() throws LaunchFailedException {
        try {
            int[] m = NativeShim.receive(control, -1);
            if (m == null) {
                throw new LaunchFailedException("the shim did not answer");
            }
            return m;
        } catch (RuntimeException e) {
            throw new LaunchFailedException("lost the shim: " + e.getMessage(), e);
        }
    }

    private static LaunchFailedException failure(int[] m, IntFunction<String> plan) {
        return switch (m[0]) {
            case NativeShim.MSG_STEP_FAILED -> new LaunchFailedException("step " + m[1] + " "
                    + plan.apply(m[1]) + ": " + Errno.describe(m[2]));
            case NativeShim.MSG_PLAN_REJECTED -> new LaunchFailedException("the shim rejected the plan at byte " + m[1]
                    + " (reason " + m[2] + "); this is a Nucleus bug");
            case NativeShim.MSG_EXIT -> new LaunchFailedException("the container ended before its workload started: "
                    + setupEnd(m[1]));
            default -> new LaunchFailedException("unexpected message " + m[0] + " from the shim");
        };
    }

    /** How a container that never reached execve ended, from its raw wait status. */
    private static String setupEnd(int waitStatus) {
        int signal = waitStatus & 0x7f;
        if (signal == 0) {
            return "it exited with status " + ((waitStatus >> 8) & 0xff);
        }
        return signal == 9 ? "killed by SIGKILL during its set-up (the OOM killer at the memory limit, or a kill from"
                + " outside)" : "killed by signal " + signal + " during its set-up";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        NativeShim.close(control);
        NativeShim.waitPid(pidfd);
        NativeShim.close(pidfd);
    }

    long shimPid() {
        return shimPid;
    }
}
