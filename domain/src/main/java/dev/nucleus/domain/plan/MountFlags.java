package dev.nucleus.domain.plan;

/** mount(2) flags (linux/mount.h). */
public final class MountFlags {
    public static final long RDONLY = 1;
    public static final long NOSUID = 2;
    public static final long NODEV = 4;
    public static final long NOEXEC = 8;
    public static final long REMOUNT = 32;
    public static final long BIND = 4096;
    /**
     * With BIND, the whole subtree is bound. With BIND | REMOUNT (where mount(2) ignores it), the
     * shim also adds the remount's restrictive flags (ro, nosuid, nodev, noexec) to every mount
     * beneath the target: a remount alone changes only the top one.
     */
    public static final long REC = 16384;

    private MountFlags() {
    }
}
