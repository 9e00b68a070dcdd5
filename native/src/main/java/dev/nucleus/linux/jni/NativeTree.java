package dev.nucleus.linux.jni;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tree walks that read each entry's type from the directory itself (no stat per entry) and never
 * follow a symlink: the bind-mode context check and the removal of a staged context copy.
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
     * Removes {@code root} and everything under it, like {@code rm -rf} but never following a
     * symlink out of the tree; a missing root is not an error.
     *
     * @throws NativeShimException when an entry cannot be removed
     */
    public static void removeTree(String root) {
        NativeLibrary.load();
        removeTree0(root.getBytes(StandardCharsets.UTF_8));
    }

    private static native byte[] firstNotPlain0(byte[] root, int maxDepth);

    private static native void removeTree0(byte[] root);
}
