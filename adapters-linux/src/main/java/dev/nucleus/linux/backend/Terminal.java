package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.spec.Lifecycle;
import dev.nucleus.linux.jni.NativePty;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.ports.LaunchFailedException;

/**
 * The terminal of a {@code --terminal} run. The container opens its pty in its own devpts (so
 * {@code tty} works inside) and hands the master over; Nucleus passes it to the
 * {@code --console-socket} (OCI convention), or relays it to its own stdin and stdout with the
 * user's terminal in raw mode, following window-size changes.
 */
final class Terminal implements AutoCloseable {
    static final int DEFAULT_ROWS = 24;
    static final int DEFAULT_COLS = 80;

    private final Lifecycle lifecycle;
    private final PlanInputs.TerminalSize size;
    private int master = -1;
    private byte[] savedTermios;
    private Thread output;

    private Terminal(Lifecycle lifecycle, PlanInputs.TerminalSize size) {
        this.lifecycle = lifecycle;
        this.size = size;
    }

    /** The size comes from Nucleus's own terminal, else COLUMNS/LINES, else 80x24. */
    static Terminal of(Lifecycle lifecycle, String columns, String lines) {
        int[] own = NativePty.windowSize(0);
        PlanInputs.TerminalSize size = own != null && own[0] > 0 && own[1] > 0
                ? new PlanInputs.TerminalSize(own[0], own[1])
                : new PlanInputs.TerminalSize(parse(lines, DEFAULT_ROWS), parse(columns, DEFAULT_COLS));
        return new Terminal(lifecycle, size);
    }

    PlanInputs.TerminalSize size() {
        return size;
    }

    /** The container's pty master arrived: give it to the console socket, or start relaying. */
    void attach(int masterFd) throws LaunchFailedException {
        master = masterFd;
        try {
            if (lifecycle.consoleSocket().isPresent()) {
                NativePty.sendFd(lifecycle.consoleSocket().get().path(), master);
                NativeShim.close(master);
                master = -1;
                return;
            }
        } catch (NativeShimException e) {
            throw new LaunchFailedException("--console-socket: " + e.getMessage(), e);
        }
        savedTermios = NativePty.makeRaw(0);
        int m = master;
        output = Thread.ofPlatform().name("nucleus-pty-out").start(() -> pump(m, 1));
        Thread.ofPlatform().daemon().name("nucleus-pty-in").start(() -> pump(0, m));
    }

    /** The user's terminal changed size (SIGWINCH): pass it on; the kernel signals the workload. */
    void resize() {
        int[] own = NativePty.windowSize(0);
        if (own != null && master >= 0) {
            NativePty.setWindowSize(master, own[0], own[1]);
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
        if (master >= 0) {
            NativeShim.close(master);
        }
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
