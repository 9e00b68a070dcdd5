package dev.nucleus.domain.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class RootfsClosureTest {
    private static final String A = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-busybox-1.36";
    private static final String B = "/nix/store/zyxwvsrqpnmlkjihgfdcba9876543210-motd";

    @Test
    void listsEachObjectOnceInOrderIgnoringBlankLines() {
        assertEquals(List.of(A, B), RootfsClosure.parse(A + "\n\n" + B + "\n" + A + "\n"));
        assertEquals(List.of(), RootfsClosure.parse(""));
    }

    @Test
    void refusesAnythingButImmediateStoreObjectsNamingEachLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RootfsClosure.parse(A + "\n/etc\n" + A + "/bin\n" + " " + B + "\n"));
        assertTrue(e.getMessage().contains("line 2: \"/etc\" is not a Nix store object"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3: \"" + A + "/bin\""), e.getMessage());
        assertTrue(e.getMessage().contains("line 4: \" " + B + "\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RootfsClosure.parse("/nix/store/../../etc\n"));
    }
}
