package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NixStorePathTest {
    private static final String HASH = "0123456789abcdfghijklmnpqrsvwxyz";

    @Test
    void storePathsMustLieInAnImmediateValidObject() {
        assertTrue(NixStorePath.isStorePath("/nix/store/" + HASH + "-bash-5.2"));
        assertTrue(NixStorePath.isStorePath("/nix/store/" + HASH + "-bash-5.2/bin/bash"));
        assertEquals("/nix/store/" + HASH + "-bash-5.2", NixStorePath.object("/nix/store/" + HASH + "-bash-5.2/bin/bash"));
        assertFalse(NixStorePath.isStorePath("/nix/store/" + HASH.replace('z', 'e') + "-bash"), "e is not nix-base32");
        assertFalse(NixStorePath.isStorePath("/nix/store/" + HASH.substring(1) + "-bash"), "31 digits");
        assertFalse(NixStorePath.isStorePath("/nix/store/" + HASH + "-bash/../../etc/passwd"));
        assertFalse(NixStorePath.isStorePath("/nix/store/" + HASH + "-bash/./x"));
        assertFalse(NixStorePath.isStorePath("/nix/store/" + HASH + "-.hidden"));
        assertFalse(NixStorePath.isStorePath("/etc/passwd"));
    }

    @Test
    void anObjectIsTheStorePathItselfAndNothingBelowIt() {
        assertTrue(NixStorePath.isObject("/nix/store/" + HASH + "-busybox-1.36"));
        assertFalse(NixStorePath.isObject("/nix/store/" + HASH + "-busybox-1.36/bin"));
        assertFalse(NixStorePath.isObject("/nix/store/" + HASH + "-busybox-1.36/"));
        assertFalse(NixStorePath.isObject("/nix/store"));
        assertFalse(NixStorePath.isObject("/nix/store/" + HASH));
    }

    /** The matcher is hand-written for speed; it must agree with the grammar written as a regex. */
    @Test
    void agreesWithTheGrammarOnRandomPaths() {
        java.util.regex.Pattern grammar = java.util.regex.Pattern.compile(
                "/nix/store/[0-9abcdfghijklmnpqrsvwxyz]{32}-[A-Za-z0-9+\\-_?=][A-Za-z0-9+\\-._?=]*(/.*)?");
        String alphabet = "abez09-._/+?=~ ";
        java.util.Random random = new java.util.Random(7);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder path = new StringBuilder("/nix/store/");
            for (int i = 0; i < 32; i++) {
                path.append(random.nextInt(50) == 0 ? 'e' : HASH.charAt(random.nextInt(HASH.length())));
            }
            if (random.nextInt(5) > 0) {
                path.append('-'); // most of them get as far as the name
            }
            int tail = random.nextInt(12);
            for (int i = 0; i < tail; i++) {
                path.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String p = random.nextInt(20) == 0 ? path.substring(0, random.nextInt(path.length())) : path.toString();
            boolean expected = grammar.matcher(p).matches()
                    && java.util.Arrays.stream(p.split("/")).noneMatch(x -> x.equals(".") || x.equals(".."));
            assertEquals(expected, NixStorePath.isStorePath(p), p);
            accepted += expected ? 1 : 0;
        }
        assertTrue(accepted > 2_000 && accepted < 18_000, "both sides are exercised: " + accepted);
    }
}
