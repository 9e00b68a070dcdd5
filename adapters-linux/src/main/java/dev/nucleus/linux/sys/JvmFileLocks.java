package dev.nucleus.linux.sys;

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
}
