package dev.nucleus.linux.image;

import dev.nucleus.linux.sys.JvmFileLocks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Verified image layers, shared by every container that runs them:
 * {@code <state>/.cache/layers/<digest>}. An entry is a copy of an image's {@code diff/} whose
 * digest was checked against the signed one before it took that name, in a directory only root can
 * reach, so a start that finds it copies and digests nothing: the cost of an image run no longer
 * grows with its layer. Overlayfs only reads it (it is a lower layer), and no container mounts
 * the state directory. Its opaque directories also carry {@code user.overlay.opaque}, added after
 * the check, for overlays mounted in a user namespace (which see the entry through an idmapped
 * mount, owners unchanged).
 *
 * <p>A container records the entry it uses in {@code <container>/rootfs-overlay/layer}, which goes
 * with the container's directory (at {@code rm}, or at the end of an ephemeral run). {@link #prune}
 * removes only entries no container directory names: overlayfs forbids changing a lower layer
 * while it is mounted, and a kept container mounts its entry again at each start. One lock
 * ({@code .lock}, held briefly on a hit, for the copy on a miss) orders fills, references and
 * prunes, so a prune never removes an entry between a launch's choosing it and recording it.
 */
public final class LayerCache {
    /** The file in a container's {@code rootfs-overlay} directory that names the entry it uses. */
    public static final String REFERENCE = "layer";
    private static final String PARTIAL = ".partial-";

    private final Path stateBase;
    private final Path directory;

    /** The cache of the containers whose directories are in {@code stateBase}. */
    public LayerCache(Path stateBase) {
        this.stateBase = stateBase;
        this.directory = stateBase.resolve(".cache").resolve("layers");
    }

    public Path directory() {
        return directory;
    }

    /**
     * The verified entry for {@code digest}, filled from {@code source} (an image's layer) when
     * there is none yet, and recorded in {@code reference} as used. Refused when the copy's digest
     * is not {@code digest}: the image changed after it was verified, and nothing is kept.
     */
    public Path acquire(String digest, Path source, Path reference) throws IOException, ImageRefusedException {
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a layer digest is 64 lower-case hex digits");
        }
        try (Held ignored = lock()) {
            Path entry = directory.resolve(digest);
            if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                fill(entry, digest, source);
            }
            Path partial = reference.resolveSibling(reference.getFileName() + ".partial");
            Files.writeString(partial, digest + "\n", StandardCharsets.US_ASCII);
            Files.move(partial, reference, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return entry;
        }
    }

    /** The entry of the layer with {@code digest}, which {@link #acquire} filled. */
    public Path entry(String digest) throws IOException {
        Path entry = directory.resolve(digest);
        if (!digest.matches("[0-9a-f]{64}") || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("no layer " + digest + " in the cache " + directory);
        }
        return entry;
    }

    /**
     * Removes every entry no container directory names, and copies a crash left half made;
     * returns the digests removed.
     */
    public List<String> prune() throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Held ignored = lock()) {
            Set<String> used = referenced();
            List<String> removed = new ArrayList<>();
            for (Path child : children(directory)) {
                String name = child.getFileName().toString();
                if (name.startsWith(PARTIAL)) {
                    LayerCopy.remove(child);
                } else if (name.matches("[0-9a-f]{64}") && !used.contains(name)) {
                    LayerCopy.remove(child);
                    removed.add(name);
                }
            }
            return removed.stream().sorted().toList();
        }
    }

    /** The digests the container directories in the state base name. */
    Set<String> referenced() throws IOException {
        Set<String> used = new HashSet<>();
        for (Path container : children(stateBase)) {
            Path reference = container.resolve("rootfs-overlay").resolve(REFERENCE);
            if (!container.getFileName().toString().startsWith(".")
                    && Files.isRegularFile(reference, LinkOption.NOFOLLOW_LINKS)) {
                used.add(Files.readString(reference, StandardCharsets.US_ASCII).strip());
            }
        }
        return used;
    }

    private void fill(Path entry, String digest, Path source) throws IOException, ImageRefusedException {
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageRefusedException(source + ": not a directory");
        }
        // Under the lock no fill is in progress: a partial copy here is a crashed launch's.
        for (Path child : children(directory)) {
            if (child.getFileName().toString().startsWith(PARTIAL)) {
                LayerCopy.remove(child);
            }
        }
        Path partial = directory.resolve(PARTIAL + digest);
        try {
            LayerCopy.copy(source, partial);
            String copied = LayerDigest.of(partial).digest();
            if (!copied.equals(digest)) {
                throw new ImageRefusedException("the layer's digest is " + copied + ", its signed manifest says "
                        + digest + ": the image changed after it was verified");
            }
            OverlayMarks.markOpaqueForUserNamespaces(partial);
            Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            LayerCopy.remove(partial);
        }
    }

    private interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** The cache's lock, exclusive among this JVM's threads and other processes alike. */
    private Held lock() throws IOException {
        madeRootOnly();
        Path file = directory.resolve(".lock");
        ReentrantLock inJvm = JvmFileLocks.of(file);
        inJvm.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = channel.lock();
            FileChannel open = channel;
            return () -> {
                try (open) {
                    held.release();
                } finally {
                    inJvm.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            inJvm.unlock();
            throw e;
        }
    }

    /** The cache directory, made 0700 if missing; one that is a link, not 0700 or not root's is refused. */
    private void madeRootOnly() throws IOException {
        Files.createDirectories(directory.getParent());
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another launch made it: checked below like any other
            }
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                || !Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS)
                .equals(PosixFilePermissions.fromString("rwx------"))
                || ((Number) Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue() != 0) {
            throw new IOException("the layer cache " + directory + " is not root's 0700 directory: its entries are"
                    + " run as verified, so nobody but root may reach them; remove it");
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path child : entries) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(child);
                }
            }
        }
        return out;
    }
}
