package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Checks the raw JNI answers against what the kernel publishes elsewhere. Runs as root. */
@Tag("root")
class NativeHostProbeTest {

    @Test
    void layoutIsVersionedAndComplete() {
        int[] r = NativeHostProbe.probe();
        assertEquals(NativeHostProbe.LENGTH, r.length);
        assertEquals(NativeHostProbe.LAYOUT_VERSION, r[NativeHostProbe.VERSION]);
    }

    @Test
    void seccompActionsMatchTheKernelsOwnList() throws IOException {
        int[] r = NativeHostProbe.probe();
        Set<String> fromKernel = Arrays.stream(Files.readString(Path.of("/proc/sys/kernel/seccomp/actions_avail"))
                .strip().split("\\s+")).map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
        Set<String> fromProbe = new TreeSet<>();
        for (int i = 0; i < NativeHostProbe.SECCOMP_ACTION_ORDER.length; i++) {
            if ((r[NativeHostProbe.SECCOMP_ACTIONS] & (1 << i)) != 0) {
                fromProbe.add(NativeHostProbe.SECCOMP_ACTION_ORDER[i]);
            }
        }
        assertEquals(fromKernel, fromProbe);
        assertEquals(0, r[NativeHostProbe.SECCOMP_ERRNO]);
        assertTrue(r[NativeHostProbe.SECCOMP_MODE] >= 0, "PR_GET_SECCOMP failed: " + r[NativeHostProbe.SECCOMP_MODE]);
    }

    /** The clone children must be reaped every time: a leak would show up as a zombie. */
    @RepeatedTest(20)
    void namespaceProbesSucceedAndLeaveNoChild() {
        int[] r = NativeHostProbe.probe();
        assertEquals(0, r[NativeHostProbe.USERNS_ERRNO], "errno of clone(CLONE_NEWUSER)");
        assertEquals(0, r[NativeHostProbe.TIMENS_ERRNO], "errno of unshare(CLONE_NEWTIME)");
        assertEquals(0, ProcessHandle.current().children().count(), "probe children must be reaped");
    }

    @Test
    void withoutNamespacesTheirSlotsSayNotProbedAndTheRestIsTheSame() {
        int[] all = NativeHostProbe.probe();
        int[] some = NativeHostProbe.probeWithoutNamespaces();
        assertEquals(NativeHostProbe.NOT_PROBED, some[NativeHostProbe.USERNS_ERRNO]);
        assertEquals(NativeHostProbe.NOT_PROBED, some[NativeHostProbe.TIMENS_ERRNO]);
        some[NativeHostProbe.USERNS_ERRNO] = all[NativeHostProbe.USERNS_ERRNO];
        some[NativeHostProbe.TIMENS_ERRNO] = all[NativeHostProbe.TIMENS_ERRNO];
        org.junit.jupiter.api.Assertions.assertArrayEquals(all, some);
    }
}
