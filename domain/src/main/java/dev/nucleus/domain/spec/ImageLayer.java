package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.InvalidValueException;

/**
 * An image's layer ({@code nucleus image run}): the directory of its diff and the digest its
 * signed manifest gives it. The launch runs a copy of the layer kept where only root reaches (a
 * cache shared by the image's runs), made only when the copy's digest is this one, so a layer
 * changed after its verification is never mounted. Written {@code SHA256:DIR} in the hidden {@code --rootfs-layer} option.
 */
public record ImageLayer(HostPath directory, String digest) {
    public ImageLayer {
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("an image layer's digest is 64 lower-case hex digits, got '" + digest + "'");
        }
    }

    public static ImageLayer parse(String text) throws InvalidValueException {
        int colon = text.indexOf(':');
        if (colon != 64 || !text.substring(0, colon).matches("[0-9a-f]{64}")) {
            throw new InvalidValueException("expected SHA256:DIR (64 lower-case hex digits, ':', a directory)");
        }
        return new ImageLayer(HostPath.parse(text.substring(colon + 1)), text.substring(0, colon));
    }

    /** As the option takes it. */
    public String text() {
        return digest + ":" + directory.path();
    }
}
