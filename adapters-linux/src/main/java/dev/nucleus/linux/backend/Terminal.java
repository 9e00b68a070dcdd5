package dev.nucleus.linux.backend;

import dev.nucleus.domain.spec.Lifecycle;
import dev.nucleus.linux.jni.NativePty;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.ports.LaunchFailedException;

/**
 * The pseudo-terminal of a {@code --terminal} run. Its slave becomes the container's stdio; its
 * master goes to the {@code --console-socket} (OCI convention), or Nucleus relays it to its own
 * stdin and stdout with the user's terminal in raw mode, following window-size changes.
 */
final class Terminal implements AutoCloseable {
    static final int DEFAULT_ROWS = 24;
    static final int DEFAULT_COLS = 80;

    private final int master;
    private int slave;
    private final boolean relaying;
    private byte[] savedTermios;
    private Thread output;

    private Terminal(int master, int slave, boolean relaying) {
        this.master = master;
        this.slave = slave;
        this.relaying = relaying;
    }

    static Terminal open(Lifecycle lifecycle, String columns, String lines) throws LaunchFailedException {
        try {
            int[] pair = NativePty.open();
            int[] size = NativePty.windowSize(0);
            if (size == null || size[0] == 0 || size[1] == 0) {
                size = new int[]{parse(lines, DEFAULT_ROWS), parse(columns, DEFAULT_COLS)};
            }
            NativePty.setWindowSize(pair[0], size[0], size[1]);
            Terminal t = new Terminal(pair[0], pair[1], lifecycle.consoleSocket().isEmpty());
            if (lifecycle.consoleSocket().isPresent()) {
                NativePty.sendFd(lifecycle.consoleSocket().get().path(), t.master);
            }
            return t;
        } catch (NativeShimException e) {
            throw new LaunchFailedException("--terminal: " + e.getMessage(), e);
        }
    }

    int slave() {
        return slave;
    }

    /** After the shim has its copy: relay (unless a console socket took the master). */
    void start() {
        NativeShim.close(slave);
        slave = -1;
        if (!relaying) {
            return;
        }
        savedTermios = NativePty.makeRaw(0);
        output = Thread.ofPlatform().name("nucleus-pty-out").start(() -> pump(master, 1));
        Thread.ofPlatform().daemon().name("nucleus-pty-in").start(() -> pump(0, master));
    }

    /** The user's terminal changed size (SIGWINCH): pass it on; the kernel signals the workload. */
    void resize() {
        int[] size = NativePty.windowSize(0);
        if (size != null) {
            NativePty.setWindowSize(master, size[0], size[1]);
        }
    }

    private static void pump(int from, int to) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = NativePty.read(from, buf)) > 0; ) {
                NativePty.write(to, buf, n);
            }
        } catch (NativeShimException e) {
            // The other side went away: the run is ending.
        }
    }

    @Override
    public void close() {
        if (output != null) {
            try {
                output.join(2000); // drain what the workload printed last
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (savedTermios != null) {
            NativePty.restore(0, savedTermios);
        }
        if (slave >= 0) {
            NativeShim.close(slave);
        }
        NativeShim.close(master);
    }

    private static int parse(String value, int fallback) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.strip());
            return n > 0 && n < 10000 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
