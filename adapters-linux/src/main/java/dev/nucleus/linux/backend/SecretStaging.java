package dev.nucleus.linux.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a container's secrets are staged: {@code /dev/shm/nucleus-secrets-<id>}, in memory
 * whatever file system holds the state directory ({@code /run} may be a disk), so that a secret
 * never reaches a disk's blocks. The id is random (64 hex digits): no other user can have made the
 * directory first, and the stager refuses one that exists.
 */
public final class SecretStaging {
    static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private SecretStaging() {
    }

    /** The container's staging directory (not made here). */
    static Path directory(String id) {
        return SHARED_MEMORY.resolve("nucleus-secrets-" + id);
    }

    /** Removes what a container whose runtime died left staged; nothing there is fine. */
    public static void release(String id) throws IOException {
        Path dir = directory(id);
        if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            ContextStager.remove(dir);
        }
    }

    /** Refuses a staging place off memory: the secret would be written to a disk. */
    static void requireMemory(Path dir) throws IOException {
        String type = Files.getFileStore(dir.getParent()).type();
        if (!type.equals("tmpfs") && !type.equals("ramfs")) {
            throw new IOException(dir.getParent() + " is on " + type + ", not in memory (tmpfs): secrets are staged"
                    + " only in memory");
        }
    }
}
