package dev.nucleus.linux.jni;

/** Mounts the runtime makes itself, on the host's side (see mounts_jni.c). */
public final class NativeMounts {
    private NativeMounts() {
    }

    /**
     * A detached, read-only copy of the mount at {@code path} (that mount alone, not what is
     * mounted beneath it), idmapped by a user namespace with these maps ({@code uid_map} text:
     * "inside outside count" lines): files owned by a host id show as owned by the id these maps
     * give it inside. Only the host's root may make one. The fd is close-on-exec; pass it on
     * ({@link NativeShim#deliver(int, byte[], String, int, int, int)}), then close it with
     * {@link NativeShim#close(int)}.
     *
     * @throws NativeShimException naming the failed call and its errno text
     */
    public static int idmappedTree(String path, String uidMap, String gidMap) {
        NativeLibrary.load();
        return idmappedTree0(path, uidMap, gidMap);
    }

    private static native int idmappedTree0(String path, String uidMap, String gidMap);

    /**
     * Mounts at {@code target} a writable view of {@code lower} that never writes it: an overlay
     * with {@code upper} and {@code work} (empty directories on one file system), nodev and
     * nosuid (see mount_view_jni.c). Root only.
     *
     * @throws NativeShimException naming the failed call and its errno text
     */
    public static void overlayView(String lower, String upper, String work, String target) {
        NativeLibrary.load();
        overlayView0(lower, upper, work, target);
    }

    /** Detaches what is mounted at {@code target} ({@code MNT_DETACH}); nothing mounted there is no error. */
    public static void detach(String target) {
        NativeLibrary.load();
        detach0(target);
    }

    private static native void overlayView0(String lower, String upper, String work, String target);

    private static native void detach0(String target);
}
