package dev.nucleus.linux.image;

import dev.nucleus.linux.jni.NativeFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Overlayfs's bookkeeping in a copied-up layer that names the host it was made on: the file
 * handle of each entry's origin in the rootfs (with the file system's UUID), and the marks that
 * go with it. An image drops them: they mean nothing in another overlay, where a lower layer's are
 * ignored, and an image that travels should not carry the identity of the disk it was made on.
 * What an image needs (whiteouts, opaque marks) is kept; redirect and metacopy marks are refused
 * by {@link LayerDigest}. The layer cache adds the opaque marks a user namespace's overlay reads.
 * This class is also where the rest of the image code asks what overlayfs's marks say (opaque,
 * whiteout).
 */
public final class OverlayMarks {
    static final List<String> HOST_BOUND = List.of("trusted.overlay.origin", "trusted.overlay.impure",
            "trusted.overlay.nlink", "trusted.overlay.uuid", "user.overlay.origin", "user.overlay.impure",
            "user.overlay.nlink", "user.overlay.uuid");

    private OverlayMarks() {
    }

    private static final byte[] YES = {'y'};
    static final String OPAQUE = "trusted.overlay.opaque";

    /** A directory overlayfs marked opaque ({@code trusted.overlay.opaque=y}): it hides what lies beneath it. */
    public static boolean opaque(Path directory) throws IOException {
        return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                && Arrays.equals(YES, NativeFiles.xattrs(directory).get(OPAQUE));
    }

    /** An overlayfs whiteout: a character device 0:0. */
    public static boolean whiteout(Path entry) throws IOException {
        Map<String, Object> a = Files.readAttributes(entry, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        return ((Integer) a.get("mode") & LayerDigest.TYPE) == LayerDigest.CHARACTER && (Long) a.get("rdev") == 0;
    }

    /**
     * Marks every opaque directory under {@code root} in {@code user.overlay.opaque} too: an
     * overlay mounted inside a user namespace ({@code userxattr}) reads the {@code user.*} marks
     * alone, and another overlay takes those for plain attributes.
     */
    static void markOpaqueForUserNamespaces(Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        }
        for (Path p : entries) {
            if (opaque(p)) {
                Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .write("overlay.opaque", ByteBuffer.wrap(YES));
            }
        }
    }

    /**
     * Undoes {@link #markOpaqueForUserNamespaces}: the {@code user.overlay.opaque} beside each
     * {@code trusted.overlay.opaque} goes, so the layer cache's copy is the image's layer again.
     */
    static void unmarkUserNamespaceOpaque(Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        }
        for (Path p : entries) {
            if (opaque(p) && NativeFiles.xattrs(p).containsKey("user.overlay.opaque")) {
                NativeFiles.removeXattr(p, "user.overlay.opaque");
            }
        }
    }

    /** Removes the host-bound marks from every entry under {@code root}. */
    static void strip(Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        }
        for (Path p : entries) {
            Map<String, byte[]> xattrs = NativeFiles.xattrs(p);
            for (String mark : HOST_BOUND) {
                if (xattrs.containsKey(mark)) {
                    NativeFiles.removeXattr(p, mark);
                }
            }
        }
    }
}
