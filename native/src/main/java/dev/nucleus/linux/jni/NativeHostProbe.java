package dev.nucleus.linux.jni;

/**
 * JNI entry point of the host probe. The C side only asks the kernel; deciding what the
 * answers mean is Java's job (adapters-linux, domain).
 *
 * <p>Contract of {@link #probe()}: an {@code int[]} of {@link #LENGTH} slots, indexed by the
 * constants below. Errno slots hold 0 on success, else the positive errno the kernel returned;
 * the two namespace slots hold {@link #NOT_PROBED} when {@link #probeWithoutNamespaces} left them out.
 */
public final class NativeHostProbe {
    /** Layout version; bump when a slot changes meaning. */
    public static final int VERSION = 0;
    /** Landlock ABI version, 0 when Landlock is unusable (see {@link #LANDLOCK_ERRNO}). */
    public static final int LANDLOCK_ABI = 1;
    public static final int LANDLOCK_ERRNO = 2;
    /** {@code prctl(PR_GET_SECCOMP)} result: the caller's seccomp mode (0, 2), or -errno. */
    public static final int SECCOMP_MODE = 3;
    /** Bit i set = {@code SECCOMP_GET_ACTION_AVAIL} accepted action i of {@link #SECCOMP_ACTION_ORDER}. */
    public static final int SECCOMP_ACTIONS = 4;
    /** errno of {@code seccomp(SECCOMP_GET_ACTION_AVAIL, ALLOW)}: ENOSYS/EINVAL = no filter support. */
    public static final int SECCOMP_ERRNO = 5;
    /** errno of {@code clone(CLONE_NEWUSER)}; 0 = a user namespace was created. */
    public static final int USERNS_ERRNO = 6;
    /** errno of {@code unshare(CLONE_NEWTIME)} in a cloned child (or of the clone); 0 = created. */
    public static final int TIMENS_ERRNO = 7;
    /** One of the CGROUP_* layout codes below. */
    public static final int CGROUP_LAYOUT = 8;
    /** errno of {@code statfs("/sys/fs/cgroup")}; 0 when it succeeded. */
    public static final int CGROUP_ERRNO = 9;
    public static final int LENGTH = 10;

    /** In {@link #USERNS_ERRNO} and {@link #TIMENS_ERRNO}: not asked (see {@link #probeWithoutNamespaces}). */
    public static final int NOT_PROBED = -1;

    /** Value expected in slot {@link #VERSION}. */
    public static final int LAYOUT_VERSION = 1;

    public static final int CGROUP_NONE = 0;
    public static final int CGROUP_UNIFIED = 1;
    public static final int CGROUP_HYBRID = 2;
    public static final int CGROUP_LEGACY = 3;

    /** Order of the bits in {@link #SECCOMP_ACTIONS}. */
    public static final String[] SECCOMP_ACTION_ORDER = {
        "KILL_PROCESS", "KILL_THREAD", "TRAP", "ERRNO", "USER_NOTIF", "TRACE", "LOG", "ALLOW"
    };

    private NativeHostProbe() {
    }

    /** Runs the probe (loading the library on first use) and checks the layout version. */
    public static int[] probe() {
        return probe(true);
    }

    /**
     * As {@link #probe()}, without the two namespace probes, each a cloned child: their slots hold
     * {@link #NOT_PROBED}.
     */
    public static int[] probeWithoutNamespaces() {
        return probe(false);
    }

    private static int[] probe(boolean namespaces) {
        NativeLibrary.load();
        int[] result = probe0(namespaces);
        if (result == null || result.length != LENGTH || result[VERSION] != LAYOUT_VERSION) {
            throw new IllegalStateException("libnucleus.so host probe layout mismatch: expected "
                    + LENGTH + " slots of version " + LAYOUT_VERSION + "; rebuild the native module");
        }
        return result;
    }

    private static native int[] probe0(boolean namespaces);
}
