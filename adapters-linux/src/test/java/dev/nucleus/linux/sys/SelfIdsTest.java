package dev.nucleus.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SelfIdsTest {
    private static final String STATUS = "Name:\tjava\nUmask:\t0022\nState:\tR (running)\nUid:\t1000\t1001\t1002\t1003\n"
            + "Gid:\t5 \t0\t7\t8\nFDSize:\t64\n";

    @Test
    void theEffectiveIdIsTheSecondNumberOfItsLine() {
        assertEquals(1001, SelfIds.effective(STATUS, "\nUid:"));
        assertEquals(0, SelfIds.effective(STATUS, "\nGid:"));
        assertEquals(4294967294L, SelfIds.effective("x\nUid:\t4294967294\t4294967294\t0\t0\n", "\nUid:"));
    }

    @Test
    void aStatusWithoutTheLineIsRefused() {
        assertThrows(IllegalStateException.class, () -> SelfIds.effective("Name:\tx\nUidx\n", "\nUid:"));
    }

    /** /proc/self belongs to this process's effective uid and gid. */
    @Test
    void isThisProcesssEffectiveIdentity() throws Exception {
        Path self = Path.of("/proc/self");
        var who = SelfIds.effective();
        assertEquals(((Integer) Files.getAttribute(self, "unix:uid")).longValue(), who.uid());
        assertEquals(((Integer) Files.getAttribute(self, "unix:gid")).longValue(), who.gid());
    }
}
