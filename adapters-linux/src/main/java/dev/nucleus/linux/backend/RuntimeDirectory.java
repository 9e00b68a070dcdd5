package dev.nucleus.linux.backend;

import dev.nucleus.linux.jni.NativeFiles;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A container's private runtime directory ({@code <base>/<id>}, 0700) holding what is staged for
 * it (a context copy, a copy-in-out workspace; its secrets go to memory, {@link SecretStaging}),
 * and the mount point of its tmpfs root.
 * That mount point, {@code <base>/.root}, is one empty directory all containers share: each
 * mounts its root on it in its own mount namespace, where the mount lives and vanishes with it,
 * so the host's directory stays empty. (A directory per container cost each launch a mkdir and
 * an rmdir, ~0.2 ms where /run is ext4.)
 */
final class RuntimeDirectory implements AutoCloseable {
    private final Path dir;
    private final Path root;

    private RuntimeDirectory(Path dir, Path root) {
        this.dir = dir;
        this.root = root;
    }

    /** Host ids to give the directory to. */
    record Owner(long uid, long gid) {
        /** Makes {@code path} (never a link's target) this owner's. */
        void give(Path path) throws IOException {
            var lookup = path.getFileSystem().getUserPrincipalLookupService();
            var view = Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            view.setOwner(lookup.lookupPrincipalByName(Long.toString(uid)));
            view.setGroup(lookup.lookupPrincipalByGroupName(Long.toString(gid)));
        }
    }

    /**
     * Makes (or takes, from the state store) {@code <base>/<id>}, 0700, given to {@code owner} when
     * there is one other than root: the host ids container root maps to, so that with a remapping
     * user namespace the container's own root can reach its staged files, and nobody else. The
     * base is 0711 so that it can pass through, without listing other containers.
     */
    static RuntimeDirectory create(Path base, String id, Optional<Owner> owner) throws IOException {
        // Asked natively (java.io, lstat) and changed through NIO only when needed: the JDK's file
        // attribute views cost every launch tenths of a millisecond, cold.
        if (!new File(base.toString()).isDirectory()) { // asked first: a create that finds it there throws, twice over
            Files.createDirectories(base);
        }
        if ((NativeFiles.lstat(base).mode() & 07777) != 0711) {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Path dir = base.resolve(id);
        // Made by the state store a moment ago (0700); if not, made here. Either way it must be a
        // real directory, not a link.
        if (!NativeFiles.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        RuntimeDirectory rd = new RuntimeDirectory(dir, sharedMountPoint(base));
        if (owner.isPresent() && (owner.get().uid() != 0 || owner.get().gid() != 0)) {
            // Both ids must be mapped in the user namespace, or its root gets no DAC override here.
            // (The shared mount point needs none: mounting on it takes only search permission.)
            owner.get().give(dir);
        }
        return rd;
    }

    /** {@code <base>/.root}, 0755, made by the first launch; a real directory, never a link. */
    private static Path sharedMountPoint(Path base) throws IOException {
        Path root = base.resolve(".root");
        if (!NativeFiles.isDirectory(root)) {
            try {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("the containers' root mount point " + root + " is not a directory", e);
                }
                // made by a launch beside this one
            }
        }
        return root;
    }

    Path root() {
        return root;
    }

    /** Where a context copy is staged (on the runtime filesystem, removed with the container). */
    Path context() {
        return dir.resolve("context");
    }

    /** Where secrets are staged: in memory, never in this directory (see {@link SecretStaging}). */
    Path secrets() {
        return SecretStaging.directory(dir.getFileName().toString());
    }

    /** Where a copy-in-out workspace is staged. */
    Path workspace() {
        return dir.resolve("workspace");
    }

    /**
     * Removes what this staged in the directory. The directory itself holds the container's state
     * and lock, and the state store removes it with them (or keeps it, with {@code --keep}); the
     * shared mount point stays.
     */
    @Override
    public void close() throws IOException {
        ContextStager.remove(workspace());
        ContextStager.remove(secrets());
        ContextStager.remove(context());
    }

    Path directory() {
        return dir;
    }
}
