package dev.nucleus.linux.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A container's private runtime directory ({@code <base>/<id>}, 0700) holding the empty mount
 * point of its tmpfs root and a staged context copy. The mounts live in the container's own mount namespace and vanish with
 * it, so removing these empty directories leaves nothing behind.
 */
final class RuntimeDirectory implements AutoCloseable {
    private final Path dir;
    private final Path root;

    private RuntimeDirectory(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
    }

    static RuntimeDirectory create(Path base, String id) throws IOException {
        Files.createDirectories(base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dir = base.resolve(id);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        RuntimeDirectory rd = new RuntimeDirectory(dir);
        Files.createDirectory(rd.root);
        return rd;
    }

    /** {@code /run/nucleus} for root, else {@code $XDG_RUNTIME_DIR/nucleus}, else a per-uid /tmp dir. */
    static Path base(boolean root, String xdgRuntimeDir, long uid) {
        if (root) {
            return Path.of("/run/nucleus");
        }
        if (xdgRuntimeDir != null && !xdgRuntimeDir.isBlank()) {
            return Path.of(xdgRuntimeDir, "nucleus");
        }
        return Path.of("/tmp", "nucleus-" + uid);
    }

    Path root() {
        return root;
    }

    /** Where a context copy is staged (on the runtime filesystem, removed with the container). */
    Path context() {
        return dir.resolve("context");
    }

    /** Where secrets are staged, 0700. */
    Path secrets() {
        return dir.resolve("secrets");
    }

    /** Where a copy-in-out workspace is staged. */
    Path workspace() {
        return dir.resolve("workspace");
    }

    @Override
    public void close() throws IOException {
        ContextStager.remove(workspace());
        ContextStager.remove(secrets());
        ContextStager.remove(context());
        Files.deleteIfExists(root);
        Files.deleteIfExists(dir);
    }
}
