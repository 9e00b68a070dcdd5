package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.ports.LaunchFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The namespace holder is wired only once it is in a network namespace of its own. */
@Tag("root")
class SandboxNetworkTest {
    @Test
    void theWaitEndsOnlyOnceTheHolderMadeItsNamespace() throws Exception {
        // As setpriv exec'ing unshare, slowed down: the pid exists 300 ms before its namespace does.
        Process holder = new ProcessBuilder("/bin/sh", "-c", "sleep 0.3; exec unshare --net -- sleep infinity").start();
        try {
            long start = System.nanoTime();
            SandboxNetwork.awaitOwnNetworkNamespace(holder, Duration.ofSeconds(10));
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 250, "not while it was still in ours");
            assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")),
                    Files.readSymbolicLink(Path.of("/proc/" + holder.pid() + "/ns/net")));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void aHolderThatEndsOrNeverUnsharesFailsTheLaunch() throws Exception {
        Process ended = new ProcessBuilder("/bin/sh", "-c", "exit 3").start();
        ended.waitFor();
        LaunchFailedException e = assertThrows(LaunchFailedException.class,
                () -> SandboxNetwork.awaitOwnNetworkNamespace(ended, Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("ended as it started, with status 3"), e.getMessage());
        Process never = new ProcessBuilder("/bin/sleep", "30").start();
        try {
            e = assertThrows(LaunchFailedException.class,
                    () -> SandboxNetwork.awaitOwnNetworkNamespace(never, Duration.ofMillis(100)));
            assertTrue(e.getMessage().contains("made no namespace within 100 ms"), e.getMessage());
        } finally {
            never.destroyForcibly().waitFor();
        }
    }
}
