package dev.nucleus.linux.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Passes bytes on, keeping the last few: what a helper last said on stderr, for its caller to read. */
final class TailKeeper extends OutputStream {
    private final OutputStream out;
    private final byte[] ring;
    private long written;

    TailKeeper(OutputStream out, int keep) {
        this.out = out;
        this.ring = new byte[keep];
    }

    @Override
    public synchronized void write(int b) throws IOException {
        out.write(b);
        ring[(int) (written++ % ring.length)] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        int skipped = Math.max(0, len - ring.length); // older than what is kept anyway
        written += skipped;
        for (int i = off + skipped; i < off + len; i++) {
            ring[(int) (written++ % ring.length)] = b[i];
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** The last bytes written (at most the size kept), as UTF-8 text. */
    synchronized String tail() {
        int n = (int) Math.min(written, ring.length);
        byte[] last = new byte[n];
        for (int i = 0; i < n; i++) {
            last[i] = ring[(int) ((written - n + i) % ring.length)];
        }
        return new String(last, StandardCharsets.UTF_8);
    }
}
