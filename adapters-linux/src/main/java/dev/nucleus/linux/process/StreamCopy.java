package dev.nucleus.linux.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies a stream to another as it comes (each chunk flushed), on a thread of its own, until EOF. */
public final class StreamCopy {
    private StreamCopy() {
    }

    public static Thread start(InputStream in, OutputStream out) {
        Thread t = Thread.ofPlatform().daemon().name("nucleus-helper-stdio").unstarted(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the reader or the writer went away: nothing more to copy
            }
        });
        t.start();
        return t;
    }
}
