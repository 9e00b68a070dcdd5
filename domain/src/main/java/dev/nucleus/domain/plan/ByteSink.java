package dev.nucleus.domain.plan;

import java.util.Arrays;

/**
 * A growable little byte buffer (the domain does no I/O, so no java.io streams). Integers go in
 * byte by byte: a ByteBuffer per field cost the cold launch path hundreds of interpreted calls.
 */
final class ByteSink {
    private byte[] data = new byte[256];
    private int size;

    void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, data, size, b.length);
        size += b.length;
    }

    /** The low {@code bytes} bytes of {@code v}, little-endian. */
    void littleEndian(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            data[size++] = (byte) (v >>> (8 * i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
        }
    }
}
