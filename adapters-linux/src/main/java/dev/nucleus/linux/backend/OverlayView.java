package dev.nucleus.linux.backend;

import dev.nucleus.linux.jni.NativeMounts;
import dev.nucleus.linux.jni.NativeShimException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A writable view of a tree that never writes it, mounted on the host: an overlay whose one lower
 * layer is the tree (NativeMounts). The gVisor backend gives runsc such a view of a --rootfs, for
 * the mount points runsc makes in its root.
 */
public final class OverlayView {
    private OverlayView() {
    }

    /** Mounts at {@code view} a view of {@code lower} whose writes go to {@code upper} (with {@code work}). */
    public static void mount(Path lower, Path upper, Path work, Path view) throws IOException {
        try {
            NativeMounts.overlayView(lower.toString(), upper.toString(), work.toString(), view.toString());
        } catch (NativeShimException e) {
            throw new IOException("cannot make a private view of " + lower + ": " + e.getMessage(), e);
        }
    }

    /** Detaches the view at {@code view}; nothing mounted there is no error. */
    public static void unmount(Path view) throws IOException {
        try {
            NativeMounts.detach(view.toString());
        } catch (NativeShimException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
