package dev.nucleus.linux.net;

import dev.nucleus.linux.sys.JvmFileLocks;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the shared network state lives (address leases, the saved ip_forward value) and the one
 * lock every change to shared state takes — bridge, shared rules, leases — so that concurrent
 * starts and removals never interleave. As root it is {@link #HOST_DIR}, whatever {@code --root}:
 * the host's bridges, iptables and ip_forward are one, so two state roots must see each other's
 * leases. Each lease names the state root of its container ({@link #owner}), so that any root
 * can tell whether that container is gone.
 */
final class NetworkState {
    /** The host-wide network state of root: one per host, not per {@code --root}. */
    static final Path HOST_DIR = Path.of("/run/nucleus/.host-network");

    private final Path dir;
    private final Path owner;

    /** Per state root ({@code <stateBase>/network}): rootless, or a test's private directory. */
    NetworkState(Path stateBase) {
        this(stateBase.resolve("network"), stateBase);
    }

    /** {@code dir} holds the state; {@code owner} is the state root of the containers this process launches. */
    NetworkState(Path dir, Path owner) {
        this.dir = dir;
        this.owner = owner.toAbsolutePath().normalize();
    }

    /** Host-wide as root (the kernel bridge needs root), per state root otherwise. */
    static NetworkState of(Path stateBase) {
        return runsAsRoot() ? new NetworkState(HOST_DIR, stateBase) : new NetworkState(stateBase);
    }

    private static boolean runsAsRoot() {
        try {
            // /proc/self is owned by the process's effective uid
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    Path dir() {
        return dir;
    }

    Path owner() {
        return owner;
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
