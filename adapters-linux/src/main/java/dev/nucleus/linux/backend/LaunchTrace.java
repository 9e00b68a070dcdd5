package dev.nucleus.linux.backend;

import dev.nucleus.ports.out.Telemetry;

/**
 * The spans of one launch under its root span: {@code create} with one child per setup step
 * (policies, prepare, seccomp, plan, clone, network, hooks, exec: GO until the workload's execve), then {@code run} (the workload, from GO to its exit)
 * and {@code stop} (teardown). Each call ends what came before, so the launch path stays flat.
 * With {@link Telemetry.Span#NONE} as the root, every call is a no-op.
 */
final class LaunchTrace {
    private final Telemetry.Span root;
    private Telemetry.Span create;
    private Telemetry.Span step;
    private Telemetry.Span phase;

    LaunchTrace(Telemetry.Span root) {
        this.root = root;
    }

    /** A setup step of create (ends the previous step). */
    void step(String name) {
        endStep();
        if (create == null) {
            create = root.child("create");
        }
        step = create.child(name);
    }

    void attribute(String key, String value) {
        root.attribute(key, value);
    }

    /** The workload runs: create is over. */
    void running(long pid) {
        endStep();
        endCreate();
        phase = root.child("run");
        phase.attribute("container.pid", pid);
    }

    /** The workload ended with {@code code}: teardown begins. */
    void exited(int code) {
        if (phase != null) {
            phase.attribute("exit.code", code);
            phase.close();
        }
        phase = root.child("stop");
    }

    /** The launch failed: the open step (or phase) and create say why. */
    void failed(String message) {
        if (step != null) {
            step.fail(message);
        }
        if (create != null) {
            create.fail(message);
        }
        if (phase != null) {
            phase.fail(message);
        }
        root.fail(message);
    }

    /** Ends whatever is still open (the root is its owner's to end). */
    void finish() {
        endStep();
        endCreate();
        if (phase != null) {
            phase.close();
            phase = null;
        }
    }

    private void endStep() {
        if (step != null) {
            step.close();
            step = null;
        }
    }

    private void endCreate() {
        if (create != null) {
            create.close();
            create = null;
        }
    }
}
