package dev.nucleus.linux.process;

import dev.nucleus.linux.jni.NativeQuitRelay;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.jni.NativeShimException;

import java.util.function.IntConsumer;

/**
 * SIGQUIT for a foreground run without a shim (gVisor's): the JVM keeps SIGQUIT for its thread
 * dumps, so a native handler takes it ({@link NativeQuitRelay}) and writes one message to a socket
 * pair, whose other end a thread of this class reads and hands to {@code send}. Only for the CLI's
 * own foreground runs; closing puts the JVM's handler back and ends the thread.
 */
public final class QuitRelay implements AutoCloseable {
    private final int reader;
    private final int writer;
    private final Thread thread;

    private QuitRelay(int reader, int writer, IntConsumer send) {
        this.reader = reader;
        this.writer = writer;
        this.thread = Thread.ofPlatform().daemon().name("nucleus-quit-relay").unstarted(() -> relay(send));
    }

    /** SIGQUIT sent to this process goes to {@code send} until {@link #close}. */
    public static QuitRelay start(IntConsumer send) {
        int[] pair = NativeQuitRelay.pair();
        QuitRelay relay = new QuitRelay(pair[0], pair[1], send);
        relay.thread.start();
        NativeQuitRelay.start(relay.writer);
        return relay;
    }

    private void relay(IntConsumer send) {
        while (true) {
            int[] m;
            try {
                m = NativeShim.receive(reader, -1);
            } catch (NativeShimException closed) {
                return; // close(): the writer is gone
            }
            if (m != null && m[0] == NativeShim.MSG_SIGNAL) {
                send.accept(m[1]);
            }
        }
    }

    /** The JVM's handler first, so that the handler never writes to a closed (or reused) fd number. */
    @Override
    public void close() {
        NativeQuitRelay.stop();
        NativeShim.close(writer);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NativeShim.close(reader);
    }
}
