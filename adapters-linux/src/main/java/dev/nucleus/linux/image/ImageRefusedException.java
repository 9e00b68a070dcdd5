package dev.nucleus.linux.image;

/** An image, key or container that cannot be used as asked: bad input, exit 2. */
public final class ImageRefusedException extends Exception {
    public ImageRefusedException(String message) {
        super(message);
    }
}
