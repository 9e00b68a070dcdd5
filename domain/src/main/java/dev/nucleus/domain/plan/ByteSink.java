package dev.nucleus.domain.plan;

import java.util.Arrays;

/** A growable little byte buffer (the domain does no I/O, so no java.io streams). */
final class ByteSink {
    private byte[] data = new byte[256];
    private int size;

    void write(byte[] b) {
        if (size + b.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + b.length));
        }
        System.arraycopy(b, 0, data, size, b.length);
        size += b.length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }
}
