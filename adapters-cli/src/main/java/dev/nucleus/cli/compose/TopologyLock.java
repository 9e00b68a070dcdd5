package dev.nucleus.cli.compose;

import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.TopologyHost;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code <state>/compose/TOPOLOGY.lock}, flock'ed while {@code up} or {@code down} changes the
 * topology: per caller, as the state directory is. A second one waits, then sees what the first made.
 */
final class TopologyLock {
    private TopologyLock() {
    }

    static TopologyHost.Held hold(Path stateBase, String topology) throws StateStoreException {
        Path file = stateBase.resolve("compose").resolve(topology + ".lock");
        try {
            Files.createDirectories(file.getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            FileLock lock;
            try {
                lock = channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return () -> {
                try (channel) {
                    lock.release();
                } catch (IOException e) {
                    // closing the channel releases the lock as well
                }
            };
        } catch (IOException e) {
            throw new StateStoreException("compose: cannot hold topology " + topology + " (" + file + "): "
                    + e.getMessage(), e);
        }
    }
}
