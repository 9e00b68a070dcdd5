package dev.nucleus.linux.sys;

import dev.nucleus.linux.jni.LockedFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * File locks belong to the whole JVM: a second thread locking the same file gets an
 * OverlappingFileLockException instead of waiting. So threads of this JVM queue on the lock this
 * returns (one per file) before they take the file lock that excludes other processes.
 */
public final class JvmFileLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private JvmFileLocks() {
    }

    public static ReentrantLock of(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ReentrantLock());
    }

    /**
     * {@code file} locked for this thread alone, against this JVM's other threads and other
     * processes: {@link #of} first, then the file's lock ({@link LockedFile}, made 0600 when
     * {@code create}); closing releases both.
     */
    public static Held hold(Path file, boolean create) throws IOException {
        ReentrantLock inProcess = of(file);
        inProcess.lock();
        try {
            return new Held(LockedFile.lock(file, create), inProcess);
        } catch (IOException | RuntimeException e) {
            inProcess.unlock();
            throw e;
        }
    }

    /** A file lock held by this thread, released with its JVM lock. */
    public record Held(LockedFile file, ReentrantLock inProcess) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                file.close(); // releases the lock
            } finally {
                inProcess.unlock();
            }
        }
    }
}
