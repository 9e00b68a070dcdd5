package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CallerIdentityTest {
    @Test
    void theEffectiveIdIsTheSecondField() {
        assertEquals(1001, CallerIdentity.effective("Uid:\t1000\t1001\t1002\t1003"));
        assertEquals(0, CallerIdentity.effective("Gid:\t5\t0\t0\t0"));
    }

    /** /proc/self names this process's directory, which belongs to its effective uid and gid. */
    @Test
    void isThisProcesssEffectiveIdentity() throws Exception {
        Path self = Path.of("/proc/self");
        var who = CallerIdentity.current();
        assertEquals(((Integer) Files.getAttribute(self, "unix:uid")).longValue(), who.uid());
        assertEquals(((Integer) Files.getAttribute(self, "unix:gid")).longValue(), who.gid());
    }
}
