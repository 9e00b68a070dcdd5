package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The restore file a batch writes, and how its failures are named. */
class RestoreBatchTest {
    private final RestoreBatch batch = new RestoreBatch("iptables")
            .add("nat", List.of("-A", "POSTROUTING", "-s", "10.9.0.0/24", "-j", "MASQUERADE"))
            .add("filter", List.of("-I", "FORWARD", "-i", "br9", "-j", "ACCEPT"))
            .add("nat", List.of("-A", "OUTPUT", "-j", "LOG", "--log-prefix", "nucleus-egress-denied: "))
            .delete("filter", "-A FORWARD -o br9 -m comment --comment \"nucleus:bridge:br9\" -j ACCEPT");

    @Test
    void eachTableItsCommandsInOrderThenItsCommit() {
        assertEquals("""
                *nat
                -A POSTROUTING -s 10.9.0.0/24 -j MASQUERADE
                -A OUTPUT -j LOG --log-prefix "nucleus-egress-denied: "
                COMMIT
                *filter
                -I FORWARD -i br9 -j ACCEPT
                -D FORWARD -o br9 -m comment --comment "nucleus:bridge:br9" -j ACCEPT
                COMMIT
                """, batch.text());
    }

    @Test
    void anEmptyWordIsQuotedAndQuotesOrLineBreaksAreRefused() {
        assertEquals("*filter\n-A OUTPUT -j LOG --log-prefix \"\"\nCOMMIT\n", new RestoreBatch("iptables")
                .add("filter", List.of("-A", "OUTPUT", "-j", "LOG", "--log-prefix", "")).text());
        for (String bad : new String[]{"a\"b", "a\\b", "a\nb", "a\rb"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> new RestoreBatch("iptables").add("filter", List.of("-A", "OUTPUT", bad)), bad);
        }
    }

    @Test
    void onlyAListedAppendBecomesADelete() {
        for (String bad : new String[]{"-P OUTPUT DROP", "-N DOCKER", "-A OUTPUT -j ACCEPT\n-F OUTPUT"}) {
            assertThrows(IllegalArgumentException.class, () -> new RestoreBatch("iptables").delete("filter", bad), bad);
        }
        assertEquals(true, new RestoreBatch("ip6tables").isEmpty());
    }

    /** The two ways the tool numbers a line: a rule the kernel refused, and one it could not parse. */
    @Test
    void aFailureNamesTheCommandOnTheLineTheToolGives() {
        assertEquals("iptables -t filter -I FORWARD -i br9 -j ACCEPT failed (exit 1):"
                        + " iptables-restore: line 6 failed: Bad rule (does a matching rule exist in that chain?).",
                batch.failure("iptables-restore: line 6 failed: Bad rule (does a matching rule exist in that chain?).\n",
                        1));
        assertEquals("iptables -t nat -A OUTPUT -j LOG --log-prefix \"nucleus-egress-denied: \" failed (exit 2):"
                        + " iptables-restore v1.8.9 (nf_tables): Chain 'X' does not exist; Error occurred at line: 3",
                batch.failure("iptables-restore v1.8.9 (nf_tables): Chain 'X' does not exist\nError occurred at line: 3\n"
                        + "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n", 2));
        assertEquals("iptables-restore failed (exit 1): line 1 failed", batch.failure("line 1 failed\n", 1),
                "a table's header line is no command");
        assertEquals("iptables -t filter (the table's 2 commands) failed (exit 1): Error occurred at line: 8",
                batch.failure("Error occurred at line: 8\n", 1), "nf_tables refuses at the COMMIT");
        assertEquals("iptables-restore failed (exit 4): resource busy", batch.failure("resource busy\n", 4));
    }
}
