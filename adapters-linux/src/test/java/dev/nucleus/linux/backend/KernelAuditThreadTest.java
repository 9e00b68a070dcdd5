package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** kauditd found among this kernel's threads (audit is on here, as on CI), and seen asleep when idle. */
class KernelAuditThreadTest {
    @Test
    void kauditdIsFoundAndSleepsWhenNothingIsQueued() throws Exception {
        Optional<KernelAuditThread> kauditd = KernelAuditThread.find();
        assertTrue(kauditd.isPresent(), "no kauditd among " + Files.readString(Path.of("/proc/2/task/2/children")));
        long deadline = System.nanoTime() + 2_000_000_000L;
        boolean idle = false;
        while (!idle && System.nanoTime() < deadline) {
            idle = kauditd.get().idle();
            Thread.sleep(10);
        }
        assertTrue(idle, "kauditd never seen asleep in 2 s");
    }
}
