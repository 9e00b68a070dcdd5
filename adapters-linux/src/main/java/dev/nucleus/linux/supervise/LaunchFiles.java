package dev.nucleus.linux.supervise;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The launch document handed to a supervisor: a 0600 file in a 0700 directory under the state
 * base, read once and deleted at once by the supervisor. A file, not argv or the environment,
 * because the launch may hold secrets (--env-fd values) that no other user may ever see.
 */
public final class LaunchFiles {
    static final String DIRECTORY = ".launch";
    private static final int MAX_BYTES = 16 << 20;

    private LaunchFiles() {
    }

    /** {@link #write}, failing as a launch failure that names who was to take it. */
    static Path handOver(Path stateBase, String id, byte[] document, String to)
            throws dev.nucleus.ports.LaunchFailedException {
        try {
            return write(stateBase, id, document);
        } catch (IOException e) {
            throw new dev.nucleus.ports.LaunchFailedException("cannot hand the launch to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Writes the document for container {@code id}; returns its path. */
    static Path write(Path stateBase, String id, byte[] document) throws IOException {
        Path dir = stateBase.resolve(DIRECTORY);
        Files.createDirectories(stateBase);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another create -d made it meanwhile
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + ": not a directory"); // a symlink: the documents stay under the base
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve(id + ".json");
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer buf = ByteBuffer.wrap(document);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        return file;
    }

    /**
     * The launch's secrets, which a builtin supervisor's starter writes to its stdin (a pipe) and
     * closes: read to the end, then stdin is pointed at /dev/null, which is what the workload and
     * anything else started from here may inherit.
     */
    public static byte[] takeStdin() throws IOException {
        // Not closed: fd 0 stays taken until /dev/null replaces it (dup2), so no file opened
        // meanwhile becomes the stdin. A stream over a FileDescriptor has no cleaner that closes it.
        java.io.InputStream in = new java.io.FileInputStream(java.io.FileDescriptor.in);
        try {
            byte[] read = in.readNBytes(MAX_BYTES + 1);
            if (read.length > MAX_BYTES) {
                throw new IOException("the launch's secrets on stdin are larger than " + MAX_BYTES + " bytes");
            }
            return read;
        } finally {
            dev.nucleus.linux.jni.NativeDaemon.devNullOnto(0);
        }
    }

    /**
     * Reads and deletes the document: it must be a regular file (no symlink), owned by
     * {@code uid} and readable by its owner alone.
     */
    public static byte[] take(Path file, long uid) throws IOException {
        // a file refused here is no document of ours: it is left alone (never deleted)
        Path dir = file.toAbsolutePath().getParent();
        if (!file.getFileName().toString().matches("[0-9a-f]{32}\\.json") || dir == null
                || !dir.getFileName().toString().equals(DIRECTORY) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid
                || ((Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0077) != 0) {
            throw new IOException(file + ": not a launch document (one is <state>/" + DIRECTORY
                    + "/<container id>.json, in a 0700 directory of its owner)");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + ": not a regular file");
        }
        int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid || (mode & 0077) != 0) {
            throw new IOException(file + ": must be owned by uid " + uid + " with mode 0600 (it is uid " + owner
                    + ", mode " + Integer.toOctalString(mode & 07777) + ")");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() > MAX_BYTES) {
                throw new IOException(file + ": larger than " + MAX_BYTES + " bytes");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // read it all
            }
            return buf.array();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
