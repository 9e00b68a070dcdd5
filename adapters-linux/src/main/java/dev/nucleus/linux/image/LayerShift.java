package dev.nucleus.linux.image;

import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.linux.jni.NativeFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives a container's private copy of a layer to its user namespace: every owner moved through
 * the namespace's maps, as the idmapped rootfs beneath it shows its files, and each opaque
 * directory marked in {@code user.overlay.opaque} too, since an overlay mounted inside a user
 * namespace reads the {@code user.*} marks alone ({@code userxattr}). Whiteouts are character
 * devices 0:0 either way. The copy's digest is checked before: this changes what was verified,
 * in the way the maps say and no other.
 */
public final class LayerShift {
    private static final byte[] YES = "y".getBytes(StandardCharsets.US_ASCII);

    private LayerShift() {
    }

    /** Shifts the tree at {@code root}; an owner the maps do not cover is refused, naming the entry. */
    public static void apply(Path root, List<IdMapping> uids, List<IdMapping> gids)
            throws IOException, ImageRefusedException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.toList();
        }
        for (Path p : entries) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            String name = "/" + root.relativize(p);
            long uid = hostId(uids, (Integer) a.get("uid"), "uid", name);
            long gid = hostId(gids, (Integer) a.get("gid"), "gid", name);
            Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            // A change of owner clears a file's set-user-ID and set-group-ID: the layer keeps its modes.
            // (Only a regular file's: the JDK opens what it chmods, and a whiteout or fifo is no file.)
            if ((mode & LayerDigest.TYPE) == LayerDigest.REGULAR && (mode & 06000) != 0) {
                Files.setAttribute(p, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
            }
            if ((mode & LayerDigest.TYPE) == LayerDigest.DIRECTORY && Arrays.equals(YES, NativeFiles.xattrs(p).get("trusted.overlay.opaque"))) {
                Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .write("overlay.opaque", ByteBuffer.wrap(YES));
            }
        }
    }

    private static long hostId(List<IdMapping> maps, long id, String kind, String entry) throws ImageRefusedException {
        for (IdMapping m : maps) {
            if (id >= m.containerId() && id < m.containerId() + m.count()) {
                return m.hostId() + (id - m.containerId());
            }
        }
        throw new ImageRefusedException("layer entry " + entry + " is owned by " + kind + " " + id + ", which the"
                + " container's user namespace does not map");
    }
}
