package dev.nucleus.linux.jni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** File operations the JDK has no call for (see files_jni.c). */
public final class NativeFiles {
    private NativeFiles() {
    }

    /**
     * Puts the file at {@code source} in the place of {@code target}, atomically for readers of
     * target (they see the old file or the new one): the two names are exchanged and the old file
     * unlinked, or, where target does not exist, source is renamed. Unlike a rename over the old
     * file, this starts no writeback on ext4; a caller that needs the content to survive a crash
     * fsyncs source first. Both must be on one file system.
     *
     * @throws IOException naming the failed call and the kernel's reason
     */
    public static void replace(Path source, Path target) throws IOException {
        NativeLibrary.load();
        try {
            replace0(bytes(source), bytes(target));
        } catch (NativeShimException e) {
            throw new IOException("replacing " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of the file at {@code file}, read to its end in native code: several times the
     * speed of MessageDigest on a launcher tuned for start-up, which interprets it.
     *
     * @throws IOException naming the file and the kernel's reason
     */
    public static byte[] sha256(Path file) throws IOException {
        NativeLibrary.load();
        try {
            return sha256File0(bytes(file));
        } catch (NativeShimException e) {
            throw new IOException("hashing " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static native void replace0(byte[] source, byte[] target);

    private static native byte[] sha256File0(byte[] path);
}
