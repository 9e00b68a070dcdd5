package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.ports.LaunchFailedException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Links deleted each on its own thread, against the host's real links: bridges of this run's own
 * names, and the loopback device, which the kernel refuses to delete.
 */
@Tag("root")
class LinkRemovalTest {
    private static final String SUFFIX = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<String> dummies = List.of("nlra" + SUFFIX, "nlrb" + SUFFIX, "nlrc" + SUFFIX);

    @AfterEach
    void cleanUp() throws Exception {
        for (String d : dummies) {
            if (BridgeLink.exists(d)) {
                HostTools.exec("ip", List.of("link", "del", d));
            }
        }
    }

    private void addDummies() throws LaunchFailedException {
        for (String d : dummies) {
            HostTools.run("ip", List.of("link", "add", d, "type", "bridge"));
            assertTrue(BridgeLink.exists(d), d);
        }
    }

    @Test
    void everyLinkIsGoneOnceAwaited() throws Exception {
        addDummies();
        LinkRemoval.start(dummies).await();
        for (String d : dummies) {
            assertFalse(BridgeLink.exists(d), d + " still there");
        }
    }

    @Test
    void aLinkThatIsAlreadyGoneIsNoFailure() throws Exception {
        LinkRemoval.start(List.of("nlrgone" + SUFFIX)).await();
    }

    @Test
    void aLinkTheKernelKeepsFailsTheAwaitAndTheOthersStillGo() throws Exception {
        addDummies();
        List<String> links = List.of(dummies.get(0), "lo", dummies.get(1), dummies.get(2));
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> LinkRemoval.start(links).await());
        assertTrue(e.getMessage().startsWith("ip link del lo: "), e.getMessage());
        assertTrue(BridgeLink.exists("lo"));
        for (String d : dummies) {
            assertFalse(BridgeLink.exists(d), d + " still there");
        }
    }
}
