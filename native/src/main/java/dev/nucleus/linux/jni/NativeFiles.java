package dev.nucleus.linux.jni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
     * Writes {@code content} to a new file {@code tmp} (mode 0600, no link followed), fsyncs it when
     * {@code sync}, and puts it in the place of {@code target} as {@link #replace} does; {@code tmp}
     * is removed on any failure.
     *
     * @throws IOException naming the target, the failed call and the kernel's reason
     */
    public static void writeReplacing(Path tmp, Path target, byte[] content, boolean sync) throws IOException {
        NativeLibrary.load();
        try {
            writeReplacing0(bytes(tmp), bytes(target), content, sync);
        } catch (NativeShimException e) {
            throw new IOException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The whole of the regular file at {@code path}, opened without following a symlink and
     * without waiting on a FIFO: a cgroup control file, in one native call where the JDK's channel
     * costs a cold launch tenths of a millisecond. At most 16 MiB: a larger file is refused (EFBIG).
     *
     * @throws IOException as the JDK would name it: {@link NoSuchFileException}, {@link AccessDeniedException},
     *         else a {@link FileSystemException} whose reason is the kernel's (EINVAL: not a regular file)
     */
    public static byte[] readNoFollow(Path path) throws IOException {
        NativeLibrary.load();
        try {
            return readNoFollow0(bytes(path));
        } catch (NativeShimException e) {
            throw ioException(path, e);
        }
    }

    /**
     * Truncates the existing regular file at {@code path} (no symlink followed) and writes
     * {@code content} to it in one write(2), as cgroupfs takes one value per write; the bytes
     * written, which a caller compares with what it meant to write.
     *
     * @throws IOException as {@link #readNoFollow} does
     */
    public static int writeNoFollow(Path path, byte[] content) throws IOException {
        NativeLibrary.load();
        try {
            return writeNoFollow0(bytes(path), content);
        } catch (NativeShimException e) {
            throw ioException(path, e);
        }
    }

    /** The JDK's exception for the errno, the kernel's text as its reason. */
    static IOException ioException(Path path, NativeShimException e) {
        return switch (e.errno()) {
            case 2 -> new NoSuchFileException(path.toString());
            case 13 -> new AccessDeniedException(path.toString());
            case 17 -> new java.nio.file.FileAlreadyExistsException(path.toString());
            case 39 -> new java.nio.file.DirectoryNotEmptyException(path.toString());
            default -> new FileSystemException(path.toString(), null, reason(e.getMessage()));
        };
    }

    /** "call: text (errno N)" to "text". */
    private static String reason(String message) {
        int from = message.indexOf(": ");
        int to = message.lastIndexOf(" (errno ");
        return from >= 0 && to > from ? message.substring(from + 2, to) : message;
    }

    /** What {@code lstat(2)} says of a path: its mode (type and permission bits), device, link count and owner. */
    public record Lstat(int mode, long device, long links, long uid) {
        private static final int S_IFMT = 0170000;

        /** A directory (not a symlink to one). */
        public boolean directory() {
            return (mode & S_IFMT) == 0040000;
        }

        public boolean symlink() {
            return (mode & S_IFMT) == 0120000;
        }

        public boolean regularFile() {
            return (mode & S_IFMT) == 0100000;
        }
    }

    /** Whether anything is at {@code path}, a symlink not followed (as Files.exists with NOFOLLOW_LINKS: false too when it cannot be told). */
    public static boolean exists(Path path) {
        return lstatIfPresent(path) != null;
    }

    /** Whether a directory, not a symlink to one, is at {@code path} (as Files.isDirectory with NOFOLLOW_LINKS). */
    public static boolean isDirectory(Path path) {
        Lstat st = lstatIfPresent(path);
        return st != null && st.directory();
    }

    /**
     * mkdir(2) with {@code mode} (less the umask), as Files.createDirectory.
     *
     * @throws java.nio.file.FileAlreadyExistsException when something is there
     * @throws IOException as {@link #readNoFollow} does otherwise
     */
    public static void mkdir(Path path, int mode) throws IOException {
        NativeLibrary.load();
        try {
            mkdir0(bytes(path), mode);
        } catch (NativeShimException e) {
            throw ioException(path, e);
        }
    }

    /** rmdir(2), as Files.delete of a directory: {@link NoSuchFileException} when none is there. */
    public static void rmdir(Path path) throws IOException {
        NativeLibrary.load();
        try {
            rmdir0(bytes(path));
        } catch (NativeShimException e) {
            throw ioException(path, e);
        }
    }

    /**
     * unlink(2), as Files.deleteIfExists of anything but a directory: false when nothing was
     * there. A final symlink is removed, never followed.
     */
    public static boolean deleteIfExists(Path path) throws IOException {
        NativeLibrary.load();
        try {
            unlink0(bytes(path));
            return true;
        } catch (NativeShimException e) {
            if (e.errno() == 2) {
                return false;
            }
            throw ioException(path, e);
        }
    }

    /**
     * {@code lstat(2)} of {@code path}, never following a final symlink; the device as the JDK's
     * {@code unix:dev} attribute gives it. One native call where {@code Files.readAttributes}
     * costs a cold launch tenths of a millisecond (its cgroup checks take a dozen).
     *
     * @throws NoSuchFileException when nothing is there
     * @throws AccessDeniedException when a directory on the way may not be searched
     * @throws FileSystemException naming the path and the kernel's reason otherwise
     */
    public static Lstat lstat(Path path) throws IOException {
        NativeLibrary.load();
        try {
            long[] st = lstat0(bytes(path));
            return new Lstat((int) st[0], st[1], st[2], st[3]);
        } catch (NativeShimException e) {
            throw ioException(path, e);
        }
    }

    /**
     * What {@link #lstat} answers, or null where it would throw (nothing there, no permission, a
     * path the kernel cannot be given): without the two exceptions a miss costs, for checks whose
     * answer is often "no" (a cold JVM spent tenths of a millisecond on the first).
     */
    public static Lstat lstatIfPresent(Path path) {
        NativeLibrary.load();
        try {
            long[] st = lstatIfPresent0(bytes(path));
            return st == null ? null : new Lstat((int) st[0], st[1], st[2], st[3]);
        } catch (NativeShimException e) {
            return null;
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

    /**
     * The SHA-256 of {@code data}, computed natively: the cold JVM of a launch interprets Java's
     * (the domain's {@code Sha256} or JCA's) at some 30 µs a 64-byte block, and every launch hashes
     * its audit records and its seccomp profile's encoding.
     */
    public static byte[] sha256(byte[] data) {
        NativeLibrary.load();
        return sha256Bytes0(data);
    }

    /**
     * The SHA-256 of a regular file a rootfs walk reached ({@link #entries}): {@code file} lies
     * beneath {@code root} or in a {@code /nix/store/<hash>-<name>} object and is opened following
     * no link on the way, so a component swapped for a link since the walk saw it fails the read
     * rather than lead it out to the host.
     *
     * @throws IOException naming the file and the kernel's reason
     */
    public static byte[] sha256Reached(Path root, Path file) throws IOException {
        NativeLibrary.load();
        try {
            return sha256Reached0(bytes(root), bytes(file));
        } catch (NativeShimException e) {
            throw new IOException("hashing " + file + ": " + e.getMessage(), e);
        }
    }

    /** A directory as a walk sees it: its canonical path and its entries, in no particular order. */
    public record Listing(String real, List<Entry> entries) {
    }

    /**
     * One entry, not following links: {@code kind} is {@code d}, {@code f}, {@code l} or {@code o}
     * (anything else). A link also has its {@code text}, where it leads inside the container (its
     * container path {@code path}, and {@code target}, the same entry on the host: beneath the
     * rootfs, or in a store object; both empty when it dangles) and {@code targetKind} ({@code d},
     * {@code f}, {@code o}, or {@code -}). See container_path.h for how a link is resolved.
     */
    public record Entry(char kind, String name, String text, String path, String target, char targetKind) {
        public boolean dangles() {
            return kind == 'l' && target.isEmpty();
        }
    }

    /**
     * The entries of {@code dir}, a directory at the container path {@code containerDir} of the
     * rootfs {@code root} (canonical; {@code dir} is the rootfs, beneath it or in a store object,
     * without links, and is opened following none), with where each link leads inside the container, in one
     * native call: a rootfs walk through NIO costs several calls, each interpreted on a cold JVM,
     * per entry. Links are resolved as the container sees them (an absolute text against the
     * rootfs, {@code /nix/store/<hash>-<name>} in the host's store), never by the host's rules.
     *
     * @throws IOException naming the directory and the kernel's reason
     */
    public static Listing entries(Path root, Path dir, String containerDir) throws IOException {
        NativeLibrary.load();
        byte[] answer;
        try {
            answer = entries0(bytes(root), bytes(dir), containerDir.getBytes(StandardCharsets.UTF_8));
        } catch (NativeShimException e) {
            throw new IOException("reading " + dir + ": " + e.getMessage(), e);
        }
        int[] at = {0};
        String real = next(answer, at);
        List<Entry> entries = new ArrayList<>();
        while (at[0] < answer.length) {
            char kind = (char) answer[at[0]++];
            String name = next(answer, at);
            if (kind == 'l') {
                String text = next(answer, at);
                String path = next(answer, at);
                String target = next(answer, at);
                entries.add(new Entry(kind, name, text, path, target, (char) answer[at[0]++]));
            } else {
                entries.add(new Entry(kind, name, "", "", "", '-'));
            }
        }
        return new Listing(real, entries);
    }

    /**
     * The extended attributes of the entry at {@code path}, not following a link, by name in
     * byte order: every namespace this process may read (trusted.* and security.* too, for root).
     *
     * @throws IOException naming the entry and the kernel's reason
     */
    public static java.util.SortedMap<String, byte[]> xattrs(Path path) throws IOException {
        NativeLibrary.load();
        byte[] raw;
        try {
            raw = xattrs0(bytes(path));
        } catch (NativeShimException e) {
            throw new IOException("reading the extended attributes of " + path + ": " + e.getMessage(), e);
        }
        java.util.SortedMap<String, byte[]> all = new java.util.TreeMap<>();
        int[] at = {0};
        while (at[0] < raw.length) {
            String name = next(raw, at);
            int length = ((raw[at[0]] & 0xff) << 24) | ((raw[at[0] + 1] & 0xff) << 16)
                    | ((raw[at[0] + 2] & 0xff) << 8) | (raw[at[0] + 3] & 0xff);
            all.put(name, java.util.Arrays.copyOfRange(raw, at[0] + 4, at[0] + 4 + length));
            at[0] += 4 + length;
        }
        return all;
    }

    /**
     * Removes the extended attribute {@code name} of the entry at {@code path}, not following a
     * link; one that is not there is no error.
     *
     * @throws IOException naming the entry, the attribute and the kernel's reason
     */
    public static void removeXattr(Path path, String name) throws IOException {
        NativeLibrary.load();
        try {
            removeXattr0(bytes(path), name.getBytes(StandardCharsets.UTF_8));
        } catch (NativeShimException e) {
            throw new IOException("removing " + name + " of " + path + ": " + e.getMessage(), e);
        }
    }

    /** The NUL-terminated string at {@code at[0]}, which moves past it. */
    private static String next(byte[] bytes, int[] at) {
        int end = at[0];
        while (bytes[end] != 0) {
            end++;
        }
        String s = new String(bytes, at[0], end - at[0], StandardCharsets.UTF_8);
        at[0] = end + 1;
        return s;
    }

    static byte[] bytes(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static native void replace0(byte[] source, byte[] target);

    private static native void writeReplacing0(byte[] tmp, byte[] target, byte[] content, boolean sync);

    private static native long[] lstat0(byte[] path);

    private static native long[] lstatIfPresent0(byte[] path);

    private static native void mkdir0(byte[] path, int mode);

    private static native void rmdir0(byte[] path);

    private static native void unlink0(byte[] path);

    private static native byte[] readNoFollow0(byte[] path);

    private static native int writeNoFollow0(byte[] path, byte[] content);

    private static native byte[] sha256File0(byte[] path);

    private static native byte[] sha256Bytes0(byte[] data);

    private static native byte[] sha256Reached0(byte[] root, byte[] path);

    private static native byte[] entries0(byte[] root, byte[] dir, byte[] containerDir);

    private static native byte[] xattrs0(byte[] path);

    private static native void removeXattr0(byte[] path, byte[] name);
}
