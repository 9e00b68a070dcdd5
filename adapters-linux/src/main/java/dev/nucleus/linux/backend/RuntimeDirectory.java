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

    /**
     * {@code ownerUid} is the host uid container root maps to: with a remapping user namespace the
     * container's own root must be able to reach its mount point and staged files, nobody else.
     * The base is 0711 so that it can pass through, without listing other containers.
     */
    static RuntimeDirectory create(Path base, String id, long ownerUid, long ownerGid) throws IOException {
        if (!Files.isDirectory(base)) { // asked first: a create that finds it there throws, twice over
            Files.createDirectories(base);
        }
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        Path dir = base.resolve(id);
        // Made by the state store a moment ago (0700); if not, made here. Either way it must be a
        // real directory, not a link.
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        RuntimeDirectory rd = new RuntimeDirectory(dir);
        Files.createDirectory(rd.root);
        if (ownerUid != 0 || ownerGid != 0) {
            // Both ids must be mapped in the user namespace, or its root gets no DAC override here.
            var lookup = dir.getFileSystem().getUserPrincipalLookupService();
            for (Path p : new Path[]{dir, rd.root}) {
                var view = Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class);
                view.setOwner(lookup.lookupPrincipalByName(Long.toString(ownerUid)));
                view.setGroup(lookup.lookupPrincipalByGroupName(Long.toString(ownerGid)));
            }
        }
        return rd;
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

    /**
     * Removes what this made in the directory. The directory itself holds the container's state
     * and lock, and the state store removes it with them (or keeps it, with {@code --keep}).
     */
    @Override
    public void close() throws IOException {
        ContextStager.remove(workspace());
        ContextStager.remove(secrets());
        ContextStager.remove(context());
        Files.deleteIfExists(root);
    }

    Path directory() {
        return dir;
    }
}
