package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.plan.AttachPlan;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.PlanEncoder;
import dev.nucleus.domain.plan.Step;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.ports.LaunchFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attach template written on the launch's worker: its bytes, its mode, and a failure kept for the launch. */
class AttachTemplateTest {
    private static final IsolationPlan PLAN = new IsolationPlan(0, List.of(
            new Step.PivotRoot("/run/root", false),
            new Step.NoNewPrivs(),
            new Step.Chdir("/work"),
            new Step.Exec("/bin/app", List.of("app"), List.of("PATH=/bin", "SECRET=from-env-fd"))));

    @Test
    void theTemplateIsWrittenOnTheWorkerWithTheEnvironmentGiven(@TempDir Path dir) throws Exception {
        AtomicReference<Thread> envOn = new AtomicReference<>();
        try (LaunchWorker worker = new LaunchWorker()) {
            AttachTemplate.Pending pending = AttachTemplate.writeAhead(worker, dir, PLAN, () -> {
                envOn.set(Thread.currentThread());
                return List.of("PATH=/bin");
            });
            pending.await();
        }
        assertNotSame(Thread.currentThread(), envOn.get(), "built on the worker, not the launching thread");
        Path file = dir.resolve(AttachTemplate.FILE);
        byte[] expected = PlanEncoder.encode(AttachPlan.template(PLAN,
                new Step.Exec("/bin/app", List.of("app"), List.of("PATH=/bin"))).orElseThrow());
        assertArrayEquals(expected, Files.readAllBytes(file), "the template without the --env-fd values");
        assertArrayEquals(expected, AttachTemplate.read(dir).orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void aFailedWriteFailsTheLaunchAtAwaitAndSettlesQuietly(@TempDir Path dir) {
        Path missing = dir.resolve("gone");
        try (LaunchWorker worker = new LaunchWorker()) {
            AttachTemplate.Pending pending = AttachTemplate.writeAhead(worker, missing, PLAN, () -> List.of());
            pending.settled(); // waits, throws nothing: the launch's cleanup calls it on every path
            LaunchFailedException e = assertThrows(LaunchFailedException.class, pending::await);
            assertTrue(e.getMessage().startsWith("cannot prepare the container: "), e.getMessage());
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
        assertTrue(Files.notExists(missing));
    }

    @Test
    void aFailureOfTheEnvironmentItselfIsRethrownAsItWas(@TempDir Path dir) {
        try (LaunchWorker worker = new LaunchWorker()) {
            AttachTemplate.Pending pending = AttachTemplate.writeAhead(worker, dir, PLAN, () -> {
                throw new IllegalStateException("no environment");
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, pending::await);
            assertEquals("no environment", e.getMessage());
        }
    }
}
