package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's own iptables, as the kernel bridge uses them: rules for a bridge name no link has
 * (this run's own, so nothing else matches them), made exact by {@link HostRules#ensure} from
 * nothing, from a tampered set and from the right one, then removed by tag. All removed after.
 */
@Tag("root")
class HostRulesKernelTest {
    private static final String BRIDGE = "nt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final String TAG = HostRules.bridgeTag(BRIDGE);
    private static final List<HostRules.Rule> RULES = List.of(
            new HostRules.Rule("nat", "POSTROUTING", false, List.of("-s", "192.0.2.0/24", "!", "-o", BRIDGE, "-j",
                    "MASQUERADE")),
            new HostRules.Rule("filter", "FORWARD", true, List.of("-i", BRIDGE, "-j", "ACCEPT")));

    @TempDir
    Path scratch;

    @AfterEach
    void removeAll() throws Exception {
        HostRules.removeTagged(HostRules.listed(), TAG::equals, scratch, "cleanup");
    }

    private static List<String> ours() throws Exception {
        return HostRules.listed().stream().filter(l -> l.tag().equals(TAG)).map(HostRules.Listed::line).toList();
    }

    @Test
    void ensureMakesTheTaggedSetExactAndRemovalTakesItAll() throws Exception {
        HostRules.ensure(RULES, TAG, scratch, BRIDGE);
        List<String> made = ours();
        assertEquals(2, made.size(), made.toString());
        assertTrue(made.stream().anyMatch(l -> l.startsWith("-A POSTROUTING -s 192.0.2.0/24 ! -o " + BRIDGE)),
                made.toString());

        HostRules.ensure(RULES, TAG, scratch, BRIDGE);
        assertEquals(made, ours(), "a second ensure adds nothing");

        // Tampered: one rule gone by hand, the other there twice.
        assertEquals(0, HostTools.exec("iptables", List.of("-w", "-t", "nat", "-D", "POSTROUTING", "-s",
                "192.0.2.0/24", "!", "-o", BRIDGE, "-j", "MASQUERADE", "-m", "comment", "--comment", TAG)).exit());
        assertEquals(0, HostTools.exec("iptables", List.of("-w", "-A", "FORWARD", "-i", BRIDGE, "-j", "ACCEPT", "-m",
                "comment", "--comment", TAG)).exit());
        assertEquals(2, ours().size());
        HostRules.ensure(RULES, TAG, scratch, BRIDGE);
        assertEquals(made.stream().sorted().toList(), ours().stream().sorted().toList(), "the exact set again");

        assertEquals(List.of(TAG, TAG), HostRules.removeTagged(HostRules.listed(), TAG::equals, scratch, BRIDGE));
        assertEquals(List.of(), ours());
        assertEquals(List.of(), HostRules.removeTagged(HostRules.listed(), TAG::equals, scratch, BRIDGE),
                "nothing left to remove");
    }

    @Test
    void addPutsTheRulesInOneGoAndTheirTagsAreListed() throws Exception {
        HostRules.add(RULES, TAG, scratch, BRIDGE);
        assertEquals(2, HostRules.listed().stream().filter(l -> l.tag().equals(TAG)).count());
        String forward = HostTools.run("iptables", List.of("-w", "-S", "FORWARD"));
        assertTrue(forward.lines().skip(1).findFirst().orElseThrow().contains("-i " + BRIDGE),
                "inserted at the top: " + forward);
    }
}
