package dev.nucleus.linux.backend;

import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.ports.LaunchFailedException;

/**
 * The launch's {@code nucleus-shim}, started on the launch's worker thread as the launch begins: the
 * spawn (about 0.8 ms of the JVM blocked in {@code posix_spawn}, then the shim's own start) runs
 * while the launch checks its policies and makes its state, directory, cgroups and plan; the shim
 * waits for the plan ({@link ShimSession#deliver}). A launch that ends before its clone
 * {@link #close}s it: the shim exits when its socket closes, having made nothing, and is reaped.
 * The shim runs in a session of its own (the workload has no controlling terminal of the
 * caller's), with pipes in place of those of the caller's stdio that are terminals ({@link StdioRelay}).
 */
final class ShimAhead implements AutoCloseable {
    private final LaunchWorker worker;
    private final StdioRelay stdio;
    private final boolean networkNamespaceAhead;
    private LaunchWorker.Task task;
    private long[] started;
    private RuntimeException failure;
    private boolean taken;

    private ShimAhead(LaunchWorker worker, StdioRelay stdio, boolean networkNamespaceAhead) {
        this.worker = worker;
        this.stdio = stdio;
        this.networkNamespaceAhead = networkNamespaceAhead;
    }

    /** Not started yet: {@link #begin} starts it on {@code worker}, and {@link #take} does when nothing did. */
    static ShimAhead unstarted(LaunchWorker worker) {
        return new ShimAhead(worker, StdioRelay.none(), false);
    }

    /**
     * As {@link #unstarted(LaunchWorker)}, the shim's stdio the pipes of {@code stdio}, which this
     * then owns; with {@code networkNamespaceAhead} the shim makes the container's network
     * namespace as it starts, while the plan is built
     * ({@link dev.nucleus.domain.plan.PlanBuilder#networkNamespaceAhead}).
     */
    static ShimAhead unstarted(LaunchWorker worker, StdioRelay stdio, boolean networkNamespaceAhead) {
        return new ShimAhead(worker, stdio, networkNamespaceAhead);
    }

    /** Starts the shim on the worker (once). */
    void begin() {
        if (task == null) {
            int[] fds = stdio.stdio();
            task = worker.submit(() -> {
                try {
                    started = NativeShim.start(NativeShim.shimPath(), false, fds, true, networkNamespaceAhead);
                } catch (RuntimeException e) {
                    failure = e;
                }
            });
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
            if (taken || task == null) {
                return;
            }
            taken = true;
            task.awaitUninterruptibly(); // a spawn takes a millisecond; its shim must not outlive the launch
            if (started != null) {
                NativeShim.abandon(started);
            }
        } finally {
            stdio.close();
        }
    }

    private void join() throws LaunchFailedException {
        if (!task.await()) {
            throw new LaunchFailedException("interrupted while nucleus-shim started");
        }
    }
}
