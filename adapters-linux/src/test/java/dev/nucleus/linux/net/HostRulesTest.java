package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Splitting {@code iptables -S} lines into the words of the matching {@code -D} command. */
class HostRulesTest {

    @Test
    void aBridgeMasqueradeRuleWithAQuotedComment() {
        assertEquals(List.of("-A", "POSTROUTING", "-s", "10.9.0.0/24", "!", "-o", "br9", "-m", "comment", "--comment",
                        "nucleus:bridge:br9", "-j", "MASQUERADE"),
                HostRules.words("-A POSTROUTING -s 10.9.0.0/24 ! -o br9 -m comment --comment \"nucleus:bridge:br9\""
                        + " -j MASQUERADE"));
    }

    @Test
    void theSpaceInsideAQuotedLogPrefixStaysInTheWord() {
        List<String> w = HostRules.words("-A OUTPUT -m limit --limit 5/min -j LOG --log-prefix"
                + " \"nucleus-egress-denied: \"");
        assertEquals(List.of("-A", "OUTPUT", "-m", "limit", "--limit", "5/min", "-j", "LOG", "--log-prefix",
                "nucleus-egress-denied: "), w);
        assertEquals("nucleus-egress-denied: ", w.getLast());
    }

    @Test
    void aQuotedWordInTheMiddleWithSpacesIsOneWord() {
        assertEquals(List.of("-A", "INPUT", "-m", "comment", "--comment", "a b  c", "-j", "DROP"),
                HostRules.words("-A INPUT -m comment --comment \"a b  c\" -j DROP"));
    }

    @Test
    void emptyQuotesAreAnEmptyWord() {
        assertEquals(List.of("-A", "OUTPUT", "-j", "LOG", "--log-prefix", "", "-m", "comment", "--comment", "x"),
                HostRules.words("-A OUTPUT -j LOG --log-prefix \"\" -m comment --comment x"));
        assertEquals(List.of("-A", "OUTPUT", ""), HostRules.words("-A OUTPUT \"\""));
        assertEquals(List.of(""), HostRules.words("\"\""));
    }

    @Test
    void anUnquotedCommentIsAWordToo() {
        assertEquals(List.of("-A", "FORWARD", "-d", "10.9.0.5/32", "-o", "br9", "-p", "tcp", "-m", "tcp", "--dport",
                        "80", "-m", "comment", "--comment", "nucleus:0123456789abcdef", "-j", "ACCEPT"),
                HostRules.words("-A FORWARD -d 10.9.0.5/32 -o br9 -p tcp -m tcp --dport 80 -m comment --comment"
                        + " nucleus:0123456789abcdef -j ACCEPT"));
    }

    @Test
    void aDnatRuleKeepsItsDestination() {
        assertEquals(List.of("-A", "PREROUTING", "-p", "tcp", "-m", "addrtype", "--dst-type", "LOCAL", "-m", "tcp",
                        "--dport", "8080", "-m", "comment", "--comment", "nucleus:abc", "-j", "DNAT",
                        "--to-destination", "10.9.0.5:80"),
                HostRules.words("-A PREROUTING -p tcp -m addrtype --dst-type LOCAL -m tcp --dport 8080 -m comment"
                        + " --comment \"nucleus:abc\" -j DNAT --to-destination 10.9.0.5:80"));
    }

    @Test
    void quotesJoinToTheTextAroundThem() {
        assertEquals(List.of("--comment", "nucleus:a b"), HostRules.words("--comment nucleus:\"a b\""));
        assertEquals(List.of("ab c", "d"), HostRules.words("a\"b c\" d"));
    }

    @Test
    void runsOfSpacesAndEdgeSpacesMakeNoEmptyWords() {
        assertEquals(List.of("-A", "OUTPUT", "-j", "ACCEPT"), HostRules.words("  -A   OUTPUT -j  ACCEPT  "));
        assertEquals(List.of(), HostRules.words(""));
        assertEquals(List.of(), HostRules.words("   "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-P OUTPUT ACCEPT", "-N DOCKER", "-A OUTPUT -o lo -j ACCEPT"})
    void anUnquotedLineIsSplitOnSpaces(String line) {
        assertEquals(List.of(line.split(" ")), HostRules.words(line));
    }

    @Test
    void wordsOfARuleBecomeItsDeleteCommand() {
        // What removeTagged does with a listed rule: the same words, -A replaced by -D.
        List<String> w = HostRules.words("-A POSTROUTING -s 10.9.0.0/24 ! -o br9 -m comment --comment"
                + " \"nucleus:bridge:br9\" -j MASQUERADE");
        w.set(0, "-D");
        assertEquals("-D POSTROUTING -s 10.9.0.0/24 ! -o br9 -m comment --comment nucleus:bridge:br9 -j MASQUERADE",
                String.join(" ", w));
    }

    @Test
    void tagsNameTheContainerOrTheBridge() {
        assertEquals("nucleus:0123abcd", HostRules.containerTag("0123abcd"));
        assertEquals("nucleus:bridge:br9", HostRules.bridgeTag("br9"));
        assertEquals("nucleus:", HostRules.TAG_PREFIX);
    }
}
