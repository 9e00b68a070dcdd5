package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.AttachPlan;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.PlanEncoder;
import dev.nucleus.domain.plan.Step;

import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.linux.sys.SelfPid;
import dev.nucleus.ports.LaunchFailedException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The attach template ({@link AttachPlan}) of a container, in its state directory as
 * {@code attach.plan} (0600): written at launch, read by {@code nucleus attach}. Its
 * environment is the workload's without the --env-fd values, which never reach a file.
 */
final class AttachTemplate {
    static final String FILE = "attach.plan";

    private AttachTemplate() {
    }

    /**
     * Writes the template on the launch's worker, beside the plan's encoding and the clone on the
     * launching thread (the template is a second encoding of the plan, some 0.4 ms of a cold start);
     * {@link Pending#await} before the container is recorded as created.
     */
    static Pending writeAhead(LaunchWorker worker, Path containerDir, IsolationPlan plan,
                              Supplier<List<String>> envWithoutSecrets) {
        Pending pending = new Pending();
        pending.task = worker.submit(() -> pending.write(containerDir, plan, envWithoutSecrets));
        return pending;
    }

    /** A template being written ahead: its outcome, visible once the task ran. */
    static final class Pending {
        private LaunchWorker.Task task;
        private Exception failure;

        private void write(Path containerDir, IsolationPlan plan, Supplier<List<String>> env) {
            try {
                AttachTemplate.write(containerDir, plan, env.get());
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }

        /** Once the worker is done with it, written or not (an interrupt kept for afterwards). */
        void settled() {
            task.awaitUninterruptibly();
        }

        /** Once it is written; a failure to write it fails the launch, as it did before the clone. */
        void await() throws LaunchFailedException {
            if (!task.await()) {
                throw new LaunchFailedException("interrupted while the attach template was written");
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure != null) {
                throw new LaunchFailedException("cannot prepare the container: " + failure.getMessage(), failure);
            }
        }
    }

    /** Writes the template of {@code plan}; a trace-mode container gets none. */
    static void write(Path containerDir, IsolationPlan plan, List<String> envWithoutSecrets) throws IOException {
        Step.Exec workload = (Step.Exec) plan.steps().getLast();
        Optional<IsolationPlan> template = AttachPlan.template(plan,
                new Step.Exec(workload.path(), workload.argv(), envWithoutSecrets));
        if (template.isEmpty()) {
            return;
        }
        // In the place of any earlier one (a supervisor's restart writes it again), 0600, natively:
        // the JDK's channel is a cold launch's first use of it.
        NativeFiles.writeReplacing(containerDir.resolve(FILE + ".tmp-" + SelfPid.uniqueSuffix()), containerDir.resolve(FILE),
                PlanEncoder.encode(template.get()), false);
    }

    /** The template, or empty when the container has none (trace mode, or launched before attach existed). */
    static Optional<byte[]> read(Path containerDir) throws IOException {
        try {
            return Optional.of(NativeFiles.readNoFollow(containerDir.resolve(FILE))); // refuses past 16 MiB
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
