package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.AttachPlan;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.PlanEncoder;
import dev.nucleus.domain.plan.Step;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
        java.nio.file.Files.deleteIfExists(containerDir.resolve(FILE)); // a supervisor's restart writes it again
        try (FileChannel ch = FileChannel.open(containerDir.resolve(FILE), Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ByteBuffer b = ByteBuffer.wrap(PlanEncoder.encode(template.get()));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** The template, or empty when the container has none (trace mode, or launched before attach existed). */
    static Optional<byte[]> read(Path containerDir) throws IOException {
        try (FileChannel ch = FileChannel.open(containerDir.resolve(FILE), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() > 16 << 20) {
                throw new IOException(FILE + " is larger than a plan can be");
            }
            ByteBuffer b = ByteBuffer.allocate((int) ch.size());
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read it all
            }
            return Optional.of(b.array());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
