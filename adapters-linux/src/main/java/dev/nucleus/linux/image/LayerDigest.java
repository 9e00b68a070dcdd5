package dev.nucleus.linux.image;

import dev.nucleus.domain.value.Sha256;
import dev.nucleus.linux.jni.NativeFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The digest of an image's layer: every entry in name order, with its kind, path, mode, owner,
 * modification time, content (SHA-256) or link text, and every extended attribute (file
 * capabilities, ACLs, overlayfs's opaque marks). Each field is length-prefixed, so no two trees
 * share a digest stream. Whiteouts (character devices 0:0) are the paths the layer deletes.
 *
 * <p>Refused (exit 2): other device nodes, which no workload Nucleus runs may make, and
 * overlayfs's redirect and metacopy marks, which would make the layer reach into the rootfs.
 */
public record LayerDigest(String digest, long entries, long bytes, List<String> deletedPaths,
                          List<String> opaquePaths) {
    /** st_mode's file type bits and the types a layer may hold. */
    static final int TYPE = 0170000;
    static final int DIRECTORY = 0040000;
    static final int REGULAR = 0100000;
    static final int SYMLINK = 0120000;
    static final int CHARACTER = 0020000;
    static final int FIFO = 0010000;
    private static final List<String> FORBIDDEN_MARKS = List.of("trusted.overlay.redirect",
            "trusted.overlay.metacopy", "user.overlay.redirect", "user.overlay.metacopy");

    /** Digests the layer rooted at {@code root}. */
    public static LayerDigest of(Path root) throws IOException, ImageRefusedException {
        Walk walk = new Walk();
        walk.visit(root, "");
        return new LayerDigest(Sha256.hex(walk.stream.toByteArray()), walk.entries, walk.bytes,
                List.copyOf(walk.deleted), List.copyOf(walk.opaque));
    }

    private static final class Walk {
        /** The digest's input: metadata and 32-byte content digests, some 100 bytes an entry. */
        private final java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream(8192);
        private final List<String> deleted = new ArrayList<>();
        private final List<String> opaque = new ArrayList<>();
        private long entries;
        private long bytes;

        void visit(Path path, String rel) throws IOException, ImageRefusedException {
            Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,rdev,size,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            String name = rel.isEmpty() ? "/" : rel;
            Map<String, byte[]> xattrs = NativeFiles.xattrs(path);
            for (String mark : FORBIDDEN_MARKS) {
                if (xattrs.containsKey(mark)) {
                    throw new ImageRefusedException("layer entry " + name + " carries overlayfs's " + mark
                            + " mark: a layer that redirects into, or borrows data from, the rootfs cannot be an image");
                }
            }
            entries++;
            field(kind(mode, (Long) a.get("rdev"), name));
            field(name);
            field(Integer.toOctalString(mode & 07777));
            field(a.get("uid") + ":" + a.get("gid"));
            FileTime mtime = (FileTime) a.get("lastModifiedTime");
            field(mtime.toInstant().getEpochSecond() + "." + mtime.toInstant().getNano());
            for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
                field("xattr " + x.getKey());
                field(x.getValue());
            }
            switch (mode & TYPE) {
                case REGULAR -> {
                    bytes += (Long) a.get("size");
                    field(NativeFiles.sha256(path));
                }
                case SYMLINK -> field(Files.readSymbolicLink(path).toString());
                case CHARACTER -> deleted.add(name);
                case DIRECTORY -> {
                    if (isOpaque(xattrs)) {
                        opaque.add(name);
                    }
                    List<Path> children;
                    try (Stream<Path> list = Files.list(path)) {
                        children = list.sorted().toList();
                    }
                    for (Path child : children) {
                        visit(child, rel + "/" + child.getFileName());
                    }
                    field("end " + name);
                }
                default -> {
                    // a fifo: its kind and metadata are all it has
                }
            }
        }

        private static boolean isOpaque(Map<String, byte[]> xattrs) {
            for (String mark : List.of("trusted.overlay.opaque", "user.overlay.opaque")) {
                byte[] v = xattrs.get(mark);
                if (v != null && new String(v, StandardCharsets.ISO_8859_1).equals("y")) {
                    return true;
                }
            }
            return false;
        }

        private static String kind(int mode, long rdev, String name) throws ImageRefusedException {
            return switch (mode & TYPE) {
                case DIRECTORY -> "d";
                case REGULAR -> "f";
                case SYMLINK -> "l";
                case FIFO -> "p";
                case CHARACTER -> {
                    if (rdev != 0) {
                        throw new ImageRefusedException("layer entry " + name + " is a device node: an image carries"
                                + " files, not devices");
                    }
                    yield "w";
                }
                default -> throw new ImageRefusedException("layer entry " + name + " is a socket or device node:"
                        + " an image carries files, not those");
            };
        }

        private void field(String text) {
            field(text.getBytes(StandardCharsets.UTF_8));
        }

        private void field(byte[] value) {
            int n = value.length;
            stream.write(n >>> 24);
            stream.write(n >>> 16);
            stream.write(n >>> 8);
            stream.write(n);
            stream.writeBytes(value);
        }
    }
}
