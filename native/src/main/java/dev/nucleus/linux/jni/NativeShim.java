package dev.nucleus.linux.jni;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JNI entry points that start and drive {@code nucleus-shim} (native/PLAN_FORMAT.md is the
 * contract: plan buffer format v1 and the control protocol). All fds this class returns are
 * close-on-exec; the caller owns them and closes them with {@link #close(int)}.
 */
public final class NativeShim {
    /** Control message types (PLAN_FORMAT.md, "Control messages"). */
    public static final int MSG_PID = 1;
    public static final int MSG_GO = 2;
    public static final int MSG_EXECED = 3;
    public static final int MSG_STEP_FAILED = 4;
    public static final int MSG_EXIT = 5;
    public static final int MSG_SIGNAL = 6;
    public static final int MSG_ABORT = 7;
    public static final int MSG_PLAN_REJECTED = 8;
    /** The container's pty master rides along with {@code SCM_RIGHTS}; {@code a} = rows, {@code b} = cols. */
    public static final int MSG_TERMINAL = 9;
    /** Trace mode, before EXIT: {@code a} = syscall number, {@code b}/{@code c} = count, low/high 32 bits. */
    public static final int MSG_TRACE_COUNT = 10;
    /** The container waits at its HOOK_PAUSE step ({@code a} = step index) until {@link #MSG_RESUME}. */
    public static final int MSG_PAUSED = 11;
    public static final int MSG_RESUME = 12;
    /** The shim's inputs, first of all, sent by {@link #deliver} (the plan's memfd and more, with {@code SCM_RIGHTS}). */
    public static final int MSG_INPUTS = 13;
    /** JVM to shim, before GO: the user namespace's id maps are written (the plan's AWAIT_MAPS goes on). */
    public static final int MSG_MAPS = 14;

    /** Slots of the array {@link #spawn} returns. */
    public static final int SHIM_PID = 0;
    public static final int CONTROL_FD = 1;
    public static final int SHIM_PIDFD = 2;

    static final String SHIM_NAME = "nucleus-shim";

    private static volatile Path shim;

    private NativeShim() {
    }

    /**
     * Makes the control socketpair and {@code posix_spawn}s the shim with fd 0-2 inherited (or, with
     * {@code quiet}, /dev/null), fd 4 = control, argv {@code ["nucleus-shim"]} and an empty
     * environment. The shim then waits for {@link #deliver}: starting it first lets its start
     * overlap the caller's own preparation of the plan.
     *
     * @return {@code {shimPid, controlFd, shimPidfd}} (see {@link #SHIM_PID} and friends)
     * @throws NativeShimException naming the failed call and its errno text
     */
    public static long[] start(String shimPath, boolean quiet) {
        NativeLibrary.load();
        return start0(shimPath, quiet, null, false, false);
    }

    /**
     * {@link #start}, with {@code stdio} (3 fds, -1 for one inherited) as the shim's fd 0-2
     * instead (the caller keeps them), and with {@code newSession} in a session of its own: then
     * neither the shim nor what it runs has a controlling terminal ({@code /dev/tty} opens
     * nothing of the caller's, the terminal's job-control signals reach neither).
     */
    public static long[] start(String shimPath, boolean quiet, int[] stdio, boolean newSession) {
        return start(shimPath, quiet, stdio, newSession, false);
    }

    /**
     * {@link #start(String, boolean, int[], boolean)}; with {@code networkNamespaceAhead} the shim
     * makes the container's network namespace as it starts ({@code --netns-ahead}, PLAN_FORMAT.md),
     * while the caller builds the plan, which must then clone a network namespace and no user
     * namespace (else the shim rejects it, reason 10).
     */
    public static long[] start(String shimPath, boolean quiet, int[] stdio, boolean newSession,
                               boolean networkNamespaceAhead) {
        if (stdio != null && stdio.length != 3) {
            throw new IllegalArgumentException("stdio must hold 3 fds, not " + stdio.length);
        }
        NativeLibrary.load();
        return start0(shimPath, quiet, stdio, newSession, networkNamespaceAhead);
    }

    /**
     * Sends a started shim its inputs in one message: {@code plan} in a sealed memfd (its fd 3);
     * {@code cgroup2Dir} (may be null), opened, as fd 5: the container is cloned straight into that
     * cgroup2 directory; and, for attach, {@code targetPidfd} (or -1) as fd 6: the shim then joins
     * the namespaces (CLONE_FLAGS of the plan) of that process before it clones, and the new
     * process creates no namespace. The caller keeps {@code targetPidfd}.
     *
     * @throws NativeShimException naming the failed call and its errno text
     */
    public static void deliver(int controlFd, byte[] plan, String cgroup2Dir, int targetPidfd) {
        deliver(controlFd, plan, cgroup2Dir, targetPidfd, -1, -1);
    }

    /**
     * {@link #deliver(int, byte[], String, int)}, and {@code rootfsTree} (or -1) as fd 7 and
     * {@code layerTree} (or -1) as fd 8: detached mounts ({@link NativeMounts#idmappedTree}) the
     * plan's ATTACH_ROOTFS and ATTACH_LAYER steps attach in the container. The caller keeps both.
     */
    public static void deliver(int controlFd, byte[] plan, String cgroup2Dir, int targetPidfd, int rootfsTree,
                               int layerTree) {
        NativeLibrary.load();
        deliver0(controlFd, plan, cgroup2Dir, targetPidfd, rootfsTree, layerTree);
    }

    /** {@link #start} and {@link #deliver} at once, with no cgroup2 directory. */
    public static long[] spawn(String shimPath, byte[] plan) {
        return spawn(shimPath, plan, null);
    }

    /** {@link #start} and {@link #deliver} at once. */
    public static long[] spawn(String shimPath, byte[] plan, String cgroup2Dir) {
        return spawnInto(shimPath, plan, cgroup2Dir, -1, false);
    }

    /** {@link #start} and {@link #deliver} at once, for attach ({@code targetPidfd}) or with -1 for a new container. */
    public static long[] spawnInto(String shimPath, byte[] plan, String cgroup2Dir, int targetPidfd, boolean quiet) {
        return spawnInto(shimPath, plan, cgroup2Dir, targetPidfd, quiet, null, false);
    }

    /** As above, with the {@code stdio} and {@code newSession} of {@link #start(String, boolean, int[], boolean)}. */
    public static long[] spawnInto(String shimPath, byte[] plan, String cgroup2Dir, int targetPidfd, boolean quiet,
                                   int[] stdio, boolean newSession) {
        long[] started = start(shimPath, quiet, stdio, newSession);
        try {
            deliver((int) started[CONTROL_FD], plan, cgroup2Dir, targetPidfd);
            return started;
        } catch (RuntimeException e) {
            abandon(started);
            throw e;
        }
    }

    /** Ends a started shim that will get no inputs: it exits when its socket closes, and is reaped. */
    public static void abandon(long[] started) {
        close((int) started[CONTROL_FD]);
        waitPid((int) started[SHIM_PIDFD]);
        close((int) started[SHIM_PIDFD]);
    }

    /** Sends the 16-byte message {@code {type, a, 0, 0}} on the control socket. */
    public static void send(int fd, int type, int a) {
        NativeLibrary.load();
        send0(fd, type, a);
    }

    /**
     * Waits up to {@code timeoutMillis} (negative: forever) for one control message.
     *
     * @return {@code {type, a, b, c, fd}}: {@code fd} is a descriptor passed with the message
     *         (CLOEXEC, the caller owns it; the TERMINAL message's pty master), or -1; {@code null}
     *         on timeout
     * @throws NativeShimException on an error, or with errno 0 when the shim closed the socket
     */
    public static int[] receive(int fd, int timeoutMillis) {
        NativeLibrary.load();
        return receive0(fd, timeoutMillis);
    }

    /** Waits for the process behind {@code pidfd} to exit and returns its raw wait status. */
    public static int waitPid(int pidfd) {
        NativeLibrary.load();
        return waitPid0(pidfd);
    }

    /** Closes an fd this class returned. */
    public static void close(int fd) {
        NativeLibrary.load();
        close0(fd);
    }

    /**
     * The shim to spawn: {@code ${nucleus.home}/lib/nucleus-shim} when present, else the copy
     * packaged in this jar, extracted next to the extracted {@code libnucleus.so} (same
     * sha256-keyed private cache directory), read-only and executable.
     */
    public static String shimPath() {
        Path p = shim;
        if (p == null) {
            synchronized (NativeShim.class) {
                if (shim == null) {
                    shim = locate(System.getProperty("nucleus.home"), NativeLibrary.defaultCacheRoot());
                }
                p = shim;
            }
        }
        return p.toString();
    }

    static Path locate(String nucleusHome, Path cacheRoot) {
        if (nucleusHome != null && !nucleusHome.isBlank()) {
            Path dist = Path.of(nucleusHome, "lib", SHIM_NAME);
            if (Files.isRegularFile(dist) && Files.isExecutable(dist)) {
                return dist.toAbsolutePath();
            }
        }
        try {
            return NativeLibrary.extractResource(cacheRoot, SHIM_NAME, NativeLibrary.Modes.FILE_0555).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + SHIM_NAME + " under " + cacheRoot
                    + " (set XDG_CACHE_HOME to a writable directory, or -Dnucleus.home to an installed dist)", e);
        }
    }

    /** Decodes a raw wait status: the exit code, or 128+N for death by signal N. */
    public static int exitCode(int rawStatus) {
        int sig = rawStatus & 0x7f;
        return sig == 0 ? (rawStatus >> 8) & 0xff : 128 + sig;
    }

    private static native long[] start0(String shimPath, boolean quiet, int[] stdio, boolean newSession,
                                        boolean networkNamespaceAhead);

    private static native void deliver0(int controlFd, byte[] plan, String cgroup2Dir, int targetPidfd,
                                        int rootfsTree, int layerTree);

    private static native void send0(int fd, int type, int a);

    private static native int[] receive0(int fd, int timeoutMillis);

    private static native int waitPid0(int pidfd);

    private static native void close0(int fd);
}
