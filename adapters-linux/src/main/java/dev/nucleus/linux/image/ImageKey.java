package dev.nucleus.linux.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The HMAC key that signs and verifies images: {@code --image-key-file}, else the file
 * {@code $NUCLEUS_IMAGE_HMAC_KEY_FILE} names, else {@code /var/lib/nucleus/image-hmac.key}. It is
 * a secret: it must be a regular file of the caller's (or root's) that no one else may read, of
 * 32 bytes or more. Its content never reaches a message.
 */
public final class ImageKey {
    public static final String ENVIRONMENT = "NUCLEUS_IMAGE_HMAC_KEY_FILE";
    public static final Path DEFAULT = Path.of("/var/lib/nucleus/image-hmac.key");
    static final int MINIMUM_BYTES = 32;
    static final int MAXIMUM_BYTES = 4096;

    private ImageKey() {
    }

    /** The key bytes, from the first source given. */
    public static byte[] load(Optional<Path> option, Map<String, String> environment, long callerUid)
            throws ImageRefusedException {
        Path file;
        String source;
        if (option.isPresent()) {
            file = option.get();
            source = "--image-key-file " + file;
        } else if (environment.get(ENVIRONMENT) != null && !environment.get(ENVIRONMENT).isEmpty()) {
            file = Path.of(environment.get(ENVIRONMENT));
            source = "$" + ENVIRONMENT + " (" + file + ")";
        } else {
            file = DEFAULT;
            source = "the image key " + DEFAULT;
        }
        try {
            Path real = file.toRealPath();
            if (!Files.isRegularFile(real)) {
                throw new ImageRefusedException(source + ": not a regular file");
            }
            long owner = ((Number) Files.getAttribute(real, "unix:uid")).longValue();
            int mode = (Integer) Files.getAttribute(real, "unix:mode");
            if (owner != callerUid && owner != 0) {
                throw new ImageRefusedException(source + ": owned by uid " + owner + "; an image key must be yours"
                        + " or root's");
            }
            if ((mode & 077) != 0) {
                throw new ImageRefusedException(source + ": mode " + Integer.toOctalString(mode & 07777)
                        + " lets others read or change it; an image key must be 0600 or 0400 (chmod 600 " + file + ")");
            }
            long size = Files.size(real);
            if (size < MINIMUM_BYTES || size > MAXIMUM_BYTES) {
                throw new ImageRefusedException(source + ": " + size + " bytes; an image key holds "
                        + MINIMUM_BYTES + " to " + MAXIMUM_BYTES + " bytes (head -c 32 /dev/urandom > " + file + ")");
            }
            return Files.readAllBytes(real);
        } catch (NoSuchFileException e) {
            throw new ImageRefusedException(source + ": no such file; create one with: install -m 600 /dev/null "
                    + file + " && head -c 32 /dev/urandom > " + file + " (or pass --image-key-file)");
        } catch (IOException e) {
            throw new ImageRefusedException(source + ": cannot be read: " + e.getMessage());
        }
    }
}
