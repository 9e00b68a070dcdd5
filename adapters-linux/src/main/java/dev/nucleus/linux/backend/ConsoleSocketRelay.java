package dev.nucleus.linux.backend;

import dev.nucleus.domain.spec.Lifecycle;
import dev.nucleus.linux.jni.NativePty;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.linux.sys.Errno;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.ConsoleRelay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link ConsoleRelay} on a socket of its own, {@code console.sock} in a directory only the
 * runtime's user can enter (its own: removed on close): the master that arrives there is relayed as {@code --terminal}
 * relays the native backend's (the same {@link Terminal}).
 */
public final class ConsoleSocketRelay implements ConsoleRelay {
    private final Terminal terminal;
    private final Path socket;
    private int listening;

    private ConsoleSocketRelay(Terminal terminal, Path socket, int listening) {
        this.terminal = terminal;
        this.socket = socket;
        this.listening = listening;
    }

    /** Listens at {@code privateDir/console.sock}; the size is the user's terminal's (else COLUMNS/LINES, 80x24). */
    public static ConsoleSocketRelay open(Lifecycle lifecycle, Path privateDir) throws LaunchFailedException {
        Path socket = privateDir.resolve("console.sock");
        try {
            return new ConsoleSocketRelay(Terminal.of(lifecycle, System.getenv("COLUMNS"), System.getenv("LINES")),
                    socket, NativePty.listen(socket.toString()));
        } catch (NativeShimException e) {
            throw new LaunchFailedException("--terminal: cannot listen at " + socket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String socket() {
        return socket.toString();
    }

    @Override
    public int rows() {
        return terminal.size().rows();
    }

    @Override
    public int columns() {
        return terminal.size().cols();
    }

    @Override
    public boolean start(Duration timeout) throws LaunchFailedException {
        if (listening < 0) {
            throw new IllegalStateException("the console socket took its pty already");
        }
        int master;
        try {
            master = NativePty.acceptFd(listening, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (NativeShimException e) {
            if (e.errno() == Errno.ETIMEDOUT) {
                return false;
            }
            closeListening();
            throw new LaunchFailedException("--terminal: no pty from the runtime: " + e.getMessage(), e);
        }
        closeListening();
        // runsc makes the pty without the spec's consoleSize: the size is set on the master here.
        NativePty.setWindowSize(master, terminal.size().rows(), terminal.size().cols());
        terminal.attach(master);
        return true;
    }

    @Override
    public void resize() {
        terminal.resize();
    }

    /** Also removes the directory it was given, which is its own (empty once the socket is gone). */
    @Override
    public void close() {
        terminal.close();
        closeListening();
        try {
            Files.deleteIfExists(socket.getParent());
        } catch (IOException e) {
            // not empty: not ours to empty
        }
    }

    private void closeListening() {
        if (listening >= 0) {
            NativeShim.close(listening);
            listening = -1;
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // in the bundle directory, which goes as a whole
            }
        }
    }
}
