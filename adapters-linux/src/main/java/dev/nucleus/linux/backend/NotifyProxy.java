package dev.nucleus.linux.backend;

import dev.nucleus.linux.jni.NativeNotify;
import dev.nucleus.linux.jni.NativeShim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code --readiness-sd-notify}: a notify socket of the container's own, which the workload sees
 * as {@code NOTIFY_SOCKET=/run/nucleus-notify/notify.sock} (its directory is bound there). The
 * runtime reads it: READY=1 is the container's readiness, and with --sd-notify what the workload
 * says is passed on to the service manager. The host's own NOTIFY_SOCKET never enters the
 * container.
 */
final class NotifyProxy implements AutoCloseable {
    static final String CONTAINER_DIR = "/run/nucleus-notify";
    static final String CONTAINER_SOCKET = CONTAINER_DIR + "/notify.sock";

    private final Path dir;
    private final int fd;

    private NotifyProxy(Path dir, int fd) {
        this.dir = dir;
        this.fd = fd;
    }

    /** Binds {@code dir}/notify.sock; any workload user may send to it (it is only reachable from this container). */
    static NotifyProxy open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path socket = dir.resolve("notify.sock");
        Files.deleteIfExists(socket);
        int fd = NativeNotify.bind(socket.toString());
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        return new NotifyProxy(dir, fd);
    }

    Path directory() {
        return dir;
    }

    int fd() {
        return fd;
    }

    @Override
    public void close() {
        NativeShim.close(fd);
    }
}
