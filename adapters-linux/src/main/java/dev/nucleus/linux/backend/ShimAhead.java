package dev.nucleus.linux.backend;

import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.ports.LaunchFailedException;

/**
 * The launch's {@code nucleus-shim}, started on a thread of its own as the launch begins: the
 * spawn (about 0.8 ms of the JVM blocked in {@code posix_spawn}, then the shim's own start) runs
 * while the launch checks its policies and makes its state, directory, cgroups and plan; the shim
 * waits for the plan ({@link ShimSession#deliver}). A launch that ends before its clone
 * {@link #close}s it: the shim exits when its socket closes, having made nothing, and is reaped.
 * The shim runs in a session of its own (the workload has no controlling terminal of the
 * caller's), with pipes in place of those of the caller's stdio that are terminals ({@link StdioRelay}).
 */
final class ShimAhead implements AutoCloseable {
    private final Thread thread;
    private final StdioRelay stdio;
    private long[] started;
    private RuntimeException failure;
    private boolean begun;
    private boolean taken;

    private ShimAhead(StdioRelay stdio) {
        this.stdio = stdio;
        int[] fds = stdio.stdio();
        // A plain Thread, as SeccompAhead's: the Thread.Builder API costs a cold start more classes.
        this.thread = new Thread(() -> {
            try {
                started = NativeShim.start(NativeShim.shimPath(), false, fds, true);
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "nucleus-shim-start");
        thread.setDaemon(true);
    }

    /** Not started yet: {@link #begin} starts it, and {@link #take} does when nothing did. */
    static ShimAhead unstarted() {
        return new ShimAhead(StdioRelay.none());
    }

    /** As {@link #unstarted()}, the shim's stdio the pipes of {@code stdio}, which this then owns. */
    static ShimAhead unstarted(StdioRelay stdio) {
        return new ShimAhead(stdio);
    }

    /** Starts the shim on the thread (once). */
    void begin() {
        if (!begun) {
            begun = true;
            thread.start();
        }
    }

    /** The started shim, waiting for its plan; the session owns it from here on. */
    ShimSession take() throws LaunchFailedException {
        begin();
        join();
        if (failure != null) {
            throw new LaunchFailedException("cannot start nucleus-shim: " + failure.getMessage(), failure);
        }
        taken = true;
        stdio.start();
        return ShimSession.of(started);
    }

    /** The workload ended: what it wrote is copied out, the caller's input is no longer read. */
    void workloadEnded() {
        stdio.close();
    }

    /** Ends the shim unless it was taken. */
    @Override
    public void close() {
        try {
            if (taken || !begun) {
                return;
            }
            taken = true;
            joinUninterruptibly(); // a spawn takes a millisecond; its shim must not outlive the launch
            if (started != null) {
                NativeShim.abandon(started);
            }
        } finally {
            stdio.close();
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void join() throws LaunchFailedException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while nucleus-shim started", e);
        }
    }
}
