package dev.nucleus.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SeccompAuditRecordTest {
    /** Records as this machine's kernel wrote them to /dev/kmsg. */
    static final String KILL = "5,2616,10204811867,-;audit: type=1326 audit(1795879939.693:2615): auid=4294967295"
            + " uid=0 gid=0 ses=4294967295 pid=12895 comm=\"unshare\" exe=\"/usr/bin/unshare\" sig=31 arch=c000003e"
            + " syscall=272 compat=0 ip=0x7fa6a38a00f7 code=0x80000000\n";
    static final String ERRNO = "audit: type=1326 audit(1795879939.697:2616): auid=0 uid=1000 gid=1000 ses=5"
            + " pid=12896 comm=\"my prog\" exe=\"/usr/bin/python3.11\" sig=0 arch=c000003e syscall=99 compat=0"
            + " ip=0x7f463847c0c7 code=0x50026";

    @Test
    void aKillRecordIsReadFieldByField() {
        assertEquals(Optional.of(new SeccompAuditRecord(4294967295L, 12895, "unshare", "/usr/bin/unshare", 272,
                "c000003e", "kill_process")), SeccompAuditRecord.parse(KILL));
    }

    @Test
    void quotedValuesKeepTheirSpacesAndTheErrnoDataIsNotTheAction() {
        assertEquals(Optional.of(new SeccompAuditRecord(5, 12896, "my prog", "/usr/bin/python3.11", 99, "c000003e",
                "errno")), SeccompAuditRecord.parse(ERRNO));
    }

    @Test
    void aForgedSessionInsideACommandNameDoesNotCount() {
        // comm is the process's own name: a workload could call itself "ses=5". Fields, not substrings.
        String forged = ERRNO.replace("ses=5", "ses=9").replace("comm=\"my prog\"", "comm=\"ses=5\"");
        assertEquals(9, SeccompAuditRecord.parse(forged).orElseThrow().session());
        assertEquals("ses=5", SeccompAuditRecord.parse(forged).orElseThrow().comm());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "6,100,1000,-;eth0: link up",
        "5,1,1,-;audit: type=1400 audit(1.2:3): apparmor=\"DENIED\" pid=1 ses=5",
        "audit: type=1326 audit(1.2:3): pid=1 comm=\"x\" syscall=1 code=0x50000",
        "audit: type=1326 audit(1.2:3): ses=1 pid=x comm=\"x\" syscall=1 code=0x50000",
        "audit: type=1326 audit(1.2:3): ses=1 pid=2 comm=\"x\" syscall=1 code=0x12340000",
        "audit: type=1326 audit(1.2:3) ses=1 pid=2 syscall=1 code=0x50000",
        "",
    })
    void anythingElseIsNotASeccompRecord(String line) {
        assertEquals(Optional.empty(), SeccompAuditRecord.parse(line));
    }

    @Test
    void everyActionIsNamed() {
        assertEquals("kill_thread", SeccompAuditRecord.action("0x0"));
        assertEquals("trap", SeccompAuditRecord.action("0x30000"));
        assertEquals("user_notif", SeccompAuditRecord.action("0x7fc00000"));
        assertEquals("trace", SeccompAuditRecord.action("0x7ff00001"));
        assertEquals("log", SeccompAuditRecord.action("0x7ffc0000"));
    }
}
