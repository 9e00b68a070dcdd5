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
}
