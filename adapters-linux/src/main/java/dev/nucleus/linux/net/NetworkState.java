package dev.nucleus.linux.net;

import dev.nucleus.linux.sys.JvmFileLocks;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the host's shared network state lives ({@code <state>/network}: address leases, the
 * saved ip_forward value) and the one lock every change to shared state takes — bridge, shared
 * rules, leases — so that concurrent starts and removals never interleave.
 */
final class NetworkState {
    private final Path dir;

    NetworkState(Path stateBase) {
        this.dir = stateBase.resolve("network");
    }

    Path dir() {
        return dir;
    }

    Path leases(String bridge) {
        return dir.resolve("leases").resolve(bridge);
    }

    /** Held while shared state changes; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held lock() throws LaunchFailedException {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Path file = dir.resolve("lock");
            ReentrantLock inJvm = JvmFileLocks.of(file);
            inJvm.lock();
            FileChannel ch;
            FileLock lock;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = ch.lock();
            } catch (IOException | RuntimeException e) {
                inJvm.unlock();
                throw e;
            }
            return () -> {
                try (ch) {
                    lock.release();
                } catch (IOException ignored) {
                    // closing the channel releases it anyway
                } finally {
                    inJvm.unlock();
                }
            };
        } catch (IOException e) {
            throw new LaunchFailedException("network state " + dir + ": " + e.getMessage(), e);
        }
    }
}
