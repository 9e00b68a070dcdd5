package dev.nucleus.linux.jni;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file held under an exclusive lock on its whole length, read and appended to natively, the
 * lock released when it is closed (see files_jni.c). The lock is the one the JDK's
 * {@code FileChannel.lock()} takes (a POSIX record lock, {@code F_SETLKW}), so processes locking
 * the file through the JDK exclude and are excluded alike; as with every POSIX record lock,
 * closing any other fd this process has on the file releases it too. For the container state's
 * lock file and the audit log: through the JDK's channels and locks, each of a launch's dozen
 * locked accesses cost a cold JVM tenths of a millisecond.
 */
public final class LockedFile implements AutoCloseable {
    private final Path path;
    private int fd;

    private LockedFile(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Opens {@code file} read-write (created, mode 0600, when {@code create}; never through a
     * symlink) and waits for the lock.
     *
     * @throws java.nio.file.NoSuchFileException when it is not there and not to be created
     * @throws IOException naming the file, the failed call and the kernel's reason
     */
    public static LockedFile lock(Path file, boolean create) throws IOException {
        NativeLibrary.load();
        try {
            return new LockedFile(file, lock0(NativeFiles.bytes(file), create));
        } catch (NativeShimException e) {
            if (e.errno() == 2) {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            throw new IOException("locking " + file + ": " + e.getMessage(), e);
        }
    }

    public long size() throws IOException {
        try {
            return size0(open());
        } catch (NativeShimException e) {
            throw NativeFiles.ioException(path, e);
        }
    }

    /** Up to {@code length} bytes from {@code offset}; fewer at the end of the file. */
    public byte[] read(long offset, int length) throws IOException {
        try {
            return readAt0(open(), offset, length);
        } catch (NativeShimException e) {
            throw NativeFiles.ioException(path, e);
        }
    }

    /** Writes {@code content} whole at the end of the file. */
    public void append(byte[] content) throws IOException {
        try {
            append0(open(), content);
        } catch (NativeShimException e) {
            throw NativeFiles.ioException(path, e);
        }
    }

    /** Releases the lock, closing the file. */
    @Override
    public void close() throws IOException {
        if (fd < 0) {
            return;
        }
        int held = fd;
        fd = -1;
        try {
            close0(held);
        } catch (NativeShimException e) {
            throw NativeFiles.ioException(path, e);
        }
    }

    private int open() throws IOException {
        if (fd < 0) {
            throw new IOException(path + ": the lock was released");
        }
        return fd;
    }

    private static native int lock0(byte[] path, boolean create);

    private static native long size0(int fd);

    private static native byte[] readAt0(int fd, long offset, int length);

    private static native void append0(int fd, byte[] content);

    private static native void close0(int fd);
}
