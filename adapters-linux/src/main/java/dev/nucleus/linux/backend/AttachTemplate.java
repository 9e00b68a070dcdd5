package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.AttachPlan;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.PlanEncoder;
import dev.nucleus.domain.plan.Step;

import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.sys.SelfPid;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The attach template ({@link AttachPlan}) of a container, in its state directory as
 * {@code attach.plan} (0600): written at launch, read by {@code nucleus attach}. Its
 * environment is the workload's without the --env-fd values, which never reach a file.
 */
final class AttachTemplate {
    static final String FILE = "attach.plan";

    private AttachTemplate() {
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
