package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CallerIdentityTest {
    /** The kernel's own account: the second field of the Uid and Gid lines of /proc/self/status. */
    @Test
    void agreesWithProcSelfStatus() throws Exception {
        long uid = -1;
        long gid = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            String[] f = line.split("\\s+");
            if (f[0].equals("Uid:")) {
                uid = Long.parseLong(f[2]);
            } else if (f[0].equals("Gid:")) {
                gid = Long.parseLong(f[2]);
            }
        }
        var who = CallerIdentity.current();
        assertEquals(uid, who.uid());
        assertEquals(gid, who.gid());
    }
}
