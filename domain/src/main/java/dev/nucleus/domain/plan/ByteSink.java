package dev.nucleus.domain.plan;

import java.util.Arrays;

/**
 * A growable little byte buffer (the domain does no I/O, so no java.io streams). Integers go in
 * byte by byte: a ByteBuffer per field cost the cold launch path hundreds of interpreted calls.
 */
final class ByteSink {
    private byte[] data = new byte[4096]; // a plan is some 8 KiB: a few doublings
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

    /** Overwrites {@code bytes} bytes at {@code at}, already written, with {@code v}, little-endian. */
    void setLittleEndian(int at, long v, int bytes) {
        if (at < 0 || at + bytes > size) {
            throw new IndexOutOfBoundsException("bytes " + at + ".." + (at + bytes) + " of " + size);
        }
        for (int i = 0; i < bytes; i++) {
            data[at + i] = (byte) (v >>> (8 * i));
        }
    }

    int size() {
        return size;
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
