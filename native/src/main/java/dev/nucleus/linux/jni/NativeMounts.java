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
}
