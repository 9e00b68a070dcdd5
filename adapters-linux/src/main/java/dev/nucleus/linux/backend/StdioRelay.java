package dev.nucleus.linux.backend;

import dev.nucleus.linux.jni.NativeDaemon;
import dev.nucleus.linux.jni.NativeRelay;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.jni.NativeShimException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller's terminal kept out of a command run without a pty ({@code nucleus attach}, a
 * foreground {@code run} without {@code --terminal}): each of fd 0-2 that is a terminal reaches
 * the command as a pipe this relays, as {@code docker exec} without {@code -t} does. A descriptor that holds the caller's terminal would let the command
 * change its modes or (TIOCSTI) type into the caller's shell. The others are inherited as they are.
 * Stdin's end closes the command's stdin; at {@link #close} (the command ended) what it wrote
 * is copied out, and no more input is read.
 */
final class StdioRelay implements AutoCloseable {
    private static final int[] INHERIT = {-1, -1, -1};

    private final int[] childEnds;
    private final List<Pump> pumps;
    private final List<Integer> toCloseAfterSpawn;
    private final int[] stop;
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    /** One direction: {@code ours} is this process's pipe end, closed when the pump ends. */
    private record Pump(String name, int from, int to, int ours, boolean drainAtStop) {
    }

    private StdioRelay(int[] childEnds, List<Pump> pumps, List<Integer> toCloseAfterSpawn, int[] stop) {
        this.childEnds = childEnds;
        this.pumps = pumps;
        this.toCloseAfterSpawn = toCloseAfterSpawn;
        this.stop = stop;
    }

    /** Relays nothing: the command inherits fd 0-2 (or gets /dev/null, quiet). */
    static StdioRelay none() {
        return new StdioRelay(INHERIT.clone(), List.of(), new ArrayList<>(), null);
    }

    /** Pipes for those of this process's fd 0-2 that are terminals; none when none is. */
    static StdioRelay forTerminals() {
        boolean out = NativeRelay.isTerminal(1);
        boolean err = NativeRelay.isTerminal(2);
        return of(new int[] {0, 1, 2}, NativeRelay.isTerminal(0), out, err, out && err && sameFile(1, 2));
    }

    /**
     * Pipes for the fds flagged, relayed to and from {@code own} (this process's fd 0-2).
     * {@code sharedOutput}: stdout and stderr are one terminal, so the command gets one pipe for
     * both and its output keeps its order.
     */
    static StdioRelay of(int[] own, boolean in, boolean out, boolean err, boolean sharedOutput) {
        if (!in && !out && !err) {
            return none();
        }
        int[] child = INHERIT.clone();
        List<Pump> pumps = new ArrayList<>();
        List<Integer> afterSpawn = new ArrayList<>();
        List<Integer> made = new ArrayList<>();
        try {
            if (in) {
                int[] p = pipe(made);
                child[0] = p[0];
                afterSpawn.add(p[0]);
                pumps.add(new Pump("nucleus-stdin", own[0], p[1], p[1], false));
            }
            if (out) {
                int[] p = pipe(made);
                child[1] = p[1];
                afterSpawn.add(p[1]);
                pumps.add(new Pump("nucleus-stdout", p[0], own[1], p[0], true));
                if (err && sharedOutput) {
                    child[2] = p[1];
                }
            }
            if (err && child[2] < 0) {
                int[] p = pipe(made);
                child[2] = p[1];
                afterSpawn.add(p[1]);
                pumps.add(new Pump("nucleus-stderr", p[0], own[2], p[0], true));
            }
            return new StdioRelay(child, pumps, afterSpawn, pipe(made));
        } catch (NativeShimException e) {
            made.forEach(NativeShim::close);
            throw e;
        }
    }

    private static int[] pipe(List<Integer> made) {
        int[] p = NativeDaemon.pipe();
        made.add(p[0]);
        made.add(p[1]);
        return p;
    }

    /** Whether fd {@code a} and {@code b} of this process name the same file (the same terminal). */
    private static boolean sameFile(int a, int b) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + a))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/fd/" + b)));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The shim's fd 0-2 (-1: inherited), or null when nothing is relayed. */
    int[] stdio() {
        return pumps.isEmpty() ? null : childEnds.clone();
    }

    /** After the spawn: the shim holds the command's ends (closed here, so ends are seen); relay ours. */
    void start() {
        toCloseAfterSpawn.forEach(NativeShim::close);
        toCloseAfterSpawn.clear();
        for (Pump p : pumps) {
            // A plain Thread: the Thread.Builder API costs a cold start more classes (run takes this path too).
            Thread t = new Thread(() -> run(p), p.name());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    private void run(Pump p) {
        try {
            NativeRelay.pump(p.from(), p.to(), stop[0], p.drainAtStop());
        } catch (NativeShimException e) {
            // the terminal or the command went away: nothing left to relay
        } finally {
            NativeShim.close(p.ours()); // stdin's: the command reads its end of file
        }
    }

    /** The command ended: copy out what it wrote, stop reading input, close every end. */
    @Override
    public void close() {
        if (stop == null || closed) {
            return;
        }
        closed = true;
        toCloseAfterSpawn.forEach(NativeShim::close); // never spawned
        NativeShim.close(stop[1]); // the pumps see the stop (a hang-up)
        boolean ended = true;
        for (Thread t : threads) {
            try {
                t.join(); // input stops at once; output drains what is in its pipe, then stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ended = false;
            }
        }
        if (threads.isEmpty()) {
            pumps.forEach(p -> NativeShim.close(p.ours()));
        }
        if (ended) {
            NativeShim.close(stop[0]);
        }
    }
}
