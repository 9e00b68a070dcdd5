package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Drives one shim run from a test: spawn, answer PID with GO (or ABORT), collect every message
 * until EXIT, PLAN_REJECTED or end of file, then reap the shim.
 */
final class ShimRun {
    static final int TIMEOUT_MS = 20_000;

    final long[] spawned;
    final List<int[]> messages = new ArrayList<>();
    int containerPid;
    int shimStatus;
    NativeShimException eof;
    /** The answer to PID could not be sent: the shim had exited (only after a step failed before AWAIT_GO). */
    NativeShimException answerRefused;

    private ShimRun(long[] spawned) {
        this.spawned = spawned;
    }

    static ShimRun spawn(byte[] plan) {
        return new ShimRun(NativeShim.spawn(NativeShim.shimPath(), plan));
    }

    int shimPid() {
        return (int) spawned[NativeShim.SHIM_PID];
    }

    int control() {
        return (int) spawned[NativeShim.CONTROL_FD];
    }

    int pidfd() {
        return (int) spawned[NativeShim.SHIM_PIDFD];
    }

    /** Runs to the end: GO after PID, then onExeced (may be null) after EXECED. */
    /** Runs a shim spawned already (e.g. with a cgroup2 directory) to the end. */
    static ShimRun run(long[] spawned) {
        ShimRun r = new ShimRun(spawned);
        try {
            r.converse(NativeShim.MSG_GO, null);
        } finally {
            r.finish();
        }
        return r;
    }

    static ShimRun run(byte[] plan, IntConsumer onExeced) {
        ShimRun r = spawn(plan);
        try {
            r.converse(NativeShim.MSG_GO, onExeced);
        } finally {
            r.finish();
        }
        return r;
    }

    static ShimRun run(byte[] plan) {
        return run(plan, null);
    }

    /** Answers PID with {@code answer} and reads messages until a final one or end of file. */
    void converse(int answer, IntConsumer onExeced) {
        for (;;) {
            int[] m;
            try {
                m = NativeShim.receive(control(), TIMEOUT_MS);
            } catch (NativeShimException e) {
                eof = e;
                return;
            }
            assertNotNull(m, "no control message within " + TIMEOUT_MS + " ms; so far " + describe());
            messages.add(m);
            switch (m[0]) {
                case NativeShim.MSG_PID -> {
                    containerPid = m[1];
                    try {
                        NativeShim.send(control(), answer, 0);
                    } catch (NativeShimException e) {
                        // The shim is gone already (a step before AWAIT_GO failed): EPIPE, as the
                        // runtime's go() tolerates; what it said before it went is still to be read.
                        answerRefused = e;
                    }
                }
                case NativeShim.MSG_EXECED -> {
                    if (onExeced != null) {
                        onExeced.accept(control());
                    }
                }
                case NativeShim.MSG_PAUSED -> NativeShim.send(control(), NativeShim.MSG_RESUME, 0);
                case NativeShim.MSG_EXIT, NativeShim.MSG_PLAN_REJECTED -> {
                    return;
                }
                default -> {
                }
            }
        }
    }

    /** Closes the control fd (if still open) and reaps the shim. */
    void finish() {
        NativeShim.close(control());
        shimStatus = NativeShim.waitPid(pidfd());
        NativeShim.close(pidfd());
    }

    List<Integer> types() {
        return messages.stream().map(m -> m[0]).toList();
    }

    int[] first(int type) {
        return messages.stream().filter(m -> m[0] == type).findFirst()
                .orElseThrow(() -> new AssertionError("no message of type " + type + " in " + describe()));
    }

    String describe() {
        StringBuilder b = new StringBuilder("[");
        for (int[] m : messages) {
            b.append(java.util.Arrays.toString(m)).append(' ');
        }
        b.append("] shim status ").append(shimStatus);
        return answerRefused == null ? b.toString() : b.append(", GO refused: ").append(answerRefused.getMessage())
                .toString();
    }
}
