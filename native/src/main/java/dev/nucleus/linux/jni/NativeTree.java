package dev.nucleus.linux.jni;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tree walks that read each entry's type from the directory itself (no stat per entry) and never
 * follow a symlink: the bind-mode context check, the context copy (listed here, chosen by the
 * caller, copied here) and the removal of a staged copy.
 */
public final class NativeTree {
    private NativeTree() {
    }

    /** An entry that is not a plain directory or regular file, or one deeper than allowed. */
    public record Offender(Kind kind, String relativePath) {
    }

    /** What makes an entry an offender. */
    public enum Kind {
        SYMLINK("a symlink"), FIFO("a fifo"), SOCKET("a socket"), CHAR_DEVICE("a character device"),
        BLOCK_DEVICE("a block device"), UNKNOWN("of an unknown type"), TOO_DEEP("deeper than the depth limit");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** "a socket", "deeper than the depth limit": what the entry is, for an error message. */
        public String description() {
            return description;
        }

        static Kind of(char code) {
            return switch (code) {
                case 'l' -> SYMLINK;
                case 'p' -> FIFO;
                case 's' -> SOCKET;
                case 'c' -> CHAR_DEVICE;
                case 'b' -> BLOCK_DEVICE;
                case 'd' -> TOO_DEEP;
                default -> UNKNOWN;
            };
        }
    }

    /**
     * The first entry under {@code root} that is not a directory or a regular file, or that lies
     * more than {@code maxDepth} levels down (root's own entries are level 1); empty when there is
     * none.
     *
     * @throws NativeShimException when a directory cannot be opened or read
     */
    public static Optional<Offender> firstNotPlain(String root, int maxDepth) {
        NativeLibrary.load();
        byte[] found = firstNotPlain0(root.getBytes(StandardCharsets.UTF_8), maxDepth);
        return found == null ? Optional.empty() : Optional.of(new Offender(Kind.of((char) found[0]),
                new String(found, 2, found.length - 2, StandardCharsets.UTF_8)));
    }

    /**
     * Removes {@code root} and everything under it, like {@code rm -rf --one-file-system} but never
     * following a symlink out of the tree; a missing root is not an error.
     *
     * @throws NativeShimException when an entry cannot be removed, or a directory inside is another
     *         file system's (mounted there; errno EXDEV), whose contents are left alone
     */
    public static void removeTree(String root) {
        NativeLibrary.load();
        removeTree0(root.getBytes(StandardCharsets.UTF_8));
    }

    /** A directory or regular file of a listed tree, its path relative to the tree's root. */
    public record Entry(boolean directory, String relativePath) {
    }

    /** A tree's directories and regular files, each directory right before what it holds. */
    public static final class Listing {
        private final byte[] records;
        private final List<Entry> entries;

        private Listing(byte[] records) {
            this.records = records;
            List<Entry> decoded = new ArrayList<>();
            for (int at = 0; at < records.length; ) {
                int end = at + 1;
                while (records[end] != 0) {
                    end++;
                }
                decoded.add(new Entry(records[at] == 'd',
                        new String(records, at + 1, end - at - 1, StandardCharsets.UTF_8)));
                at = end + 1;
            }
            this.entries = List.copyOf(decoded);
        }

        public List<Entry> entries() {
            return entries;
        }
    }

    /**
     * Every directory and regular file under {@code root} down to {@code maxDepth} levels (root's
     * own entries are level 1); symlinks and special files are left out.
     *
     * @throws NativeShimException when a directory cannot be opened or read
     */
    public static Listing list(String root, int maxDepth) {
        NativeLibrary.load();
        return new Listing(list0(root.getBytes(StandardCharsets.UTF_8), maxDepth));
    }

    /**
     * Copies the listed entries of {@code source} whose {@code keep} flag is set into the existing
     * directory {@code target}: directories made, files copied with their permission bits (no
     * set-id or sticky bit), in listing order. A kept file that vanished or stopped being a
     * regular file since the listing is skipped; nothing is reached through a symlink.
     *
     * @throws NativeShimException when a directory cannot be made or a file copied
     */
    public static void copy(String source, String target, Listing listing, boolean[] keep) {
        if (keep.length != listing.entries.size()) {
            throw new IllegalArgumentException(keep.length + " keep flags for " + listing.entries.size() + " entries");
        }
        NativeLibrary.load();
        copy0(source.getBytes(StandardCharsets.UTF_8), target.getBytes(StandardCharsets.UTF_8), listing.records,
                keep);
    }

    private static native byte[] list0(byte[] root, int maxDepth);

    private static native void copy0(byte[] source, byte[] target, byte[] listing, boolean[] keep);

    private static native byte[] firstNotPlain0(byte[] root, int maxDepth);

    private static native void removeTree0(byte[] root);
}
