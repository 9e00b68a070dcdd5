package dev.nucleus.linux.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.host.CgroupLayout;
import dev.nucleus.domain.host.SeccompAction;
import dev.nucleus.linux.jni.NativeHostProbe;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Decoding of the JNI int[] for answers this machine cannot give (old or stripped kernels). */
class RawProbeDecodingTest {

    private static int[] raw() {
        int[] r = new int[NativeHostProbe.LENGTH];
        r[NativeHostProbe.VERSION] = NativeHostProbe.LAYOUT_VERSION;
        return r;
    }

    @Test
    void landlockDisabledAtBootExplainsTheFix() {
        int[] r = raw();
        r[NativeHostProbe.LANDLOCK_ERRNO] = 95;
        var landlock = LinuxHostProbe.landlock(r);
        assertEquals(0, landlock.abi());
        assertTrue(landlock.reason().contains("lsm="), landlock.reason());
    }

    @Test
    void seccompWithoutTheSyscallIsUnavailable() {
        int[] r = raw();
        r[NativeHostProbe.SECCOMP_ERRNO] = 38;
        var seccomp = LinuxHostProbe.seccomp(r);
        assertFalse(seccomp.filtersAvailable());
        assertTrue(seccomp.reason().startsWith("seccomp(SECCOMP_GET_ACTION_AVAIL): ENOSYS"), seccomp.reason());
    }

    @Test
    void seccompActionBitsFollowTheDocumentedOrder() {
        int[] r = raw();
        r[NativeHostProbe.SECCOMP_ACTIONS] = 0b1001_0000; // USER_NOTIF (4) and ALLOW (7)
        assertEquals(EnumSet.of(SeccompAction.USER_NOTIF, SeccompAction.ALLOW), LinuxHostProbe.seccomp(r).actions());
    }

    @Test
    void everyNativeActionNameIsADomainAction() {
        assertEquals(java.util.List.of(NativeHostProbe.SECCOMP_ACTION_ORDER),
                java.util.Arrays.stream(SeccompAction.values()).map(Enum::name).toList());
    }

    @Test
    void layoutCodes() {
        int[] r = raw();
        for (var c : new Object[][] {{NativeHostProbe.CGROUP_UNIFIED, CgroupLayout.UNIFIED},
                {NativeHostProbe.CGROUP_HYBRID, CgroupLayout.HYBRID}, {NativeHostProbe.CGROUP_LEGACY, CgroupLayout.LEGACY},
                {NativeHostProbe.CGROUP_NONE, CgroupLayout.NONE}}) {
            r[NativeHostProbe.CGROUP_LAYOUT] = (Integer) c[0];
            assertEquals(c[1], LinuxHostProbe.layout(r));
        }
    }
}
