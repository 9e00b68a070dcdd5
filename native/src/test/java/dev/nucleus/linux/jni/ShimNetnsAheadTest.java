package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --netns-ahead} (PLAN_FORMAT.md, "Transport"): the shim makes the container's network
 * namespace as it starts; the container process is born in it, and a plan that does not clone one,
 * or clones a user namespace that would have to own it, is refused (reason 10).
 */
@Tag("root")
class ShimNetnsAheadTest {
    private static final int NAMESPACES_AHEAD = 10;

    @Test
    void theContainerIsBornInTheNetworkNamespaceTheShimMadeAhead() throws Exception {
        int[] out = NativeDaemon.pipe();
        long[] started = NativeShim.start(NativeShim.shimPath(), false, new int[] {-1, out[1], -1}, false, true);
        NativeShim.close(out[1]);
        // No PID namespace: $PPID is the shim.
        NativeShim.deliver((int) started[NativeShim.CONTROL_FD], TestPlan.cloneFlags(TestPlan.CLONE_NEWNET).exec(
                "/bin/sh", "-c", "readlink /proc/self/ns/net /proc/$PPID/ns/net; tail -n +3 /proc/net/dev | cut -d: -f1;"
                        + " ip -o link show lo | cut -d'<' -f2 | cut -d'>' -f1")
                .build(), null, -1);
        ShimRun r = ShimRun.run(started);
        assertEquals(0, NativeShim.exitCode(r.shimStatus), r.describe());
        List<String> lines = read(out[0]).lines().map(String::strip).toList();
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertNotEquals(host, lines.get(0), "a network namespace of its own: " + lines);
        assertEquals(lines.get(0), lines.get(1), "the one the shim made ahead, not a second one: " + lines);
        assertEquals("lo", lines.get(2), "a new namespace: loopback only: " + lines);
        assertEquals(4, lines.size(), "loopback only: " + lines);
        assertTrue(List.of(lines.get(3).split(",")).contains("UP"), "lo up by the shim (no LOOPBACK_UP step): " + lines);
    }

    @Test
    void aPlanWithoutANetworkNamespaceIsRefusedAfterOneWasMadeAhead() {
        assertRefused(TestPlan.cloneFlags(TestPlan.CLONE_NEWNS).exec("/bin/true").build());
    }

    @Test
    void aPlanWithAUserNamespaceIsRefusedAfterOneWasMadeAhead() {
        assertRefused(TestPlan.cloneFlags(TestPlan.CLONE_NEWNET | TestPlan.CLONE_NEWUSER).exec("/bin/true").build());
    }

    @Test
    void anArgumentTheShimDoesNotKnowEndsItAtOnce() throws Exception {
        Process p = new ProcessBuilder(NativeShim.shimPath(), "--bogus").redirectErrorStream(true).start();
        assertEquals(125, p.waitFor());
    }

    private static void assertRefused(byte[] plan) {
        long[] started = NativeShim.start(NativeShim.shimPath(), true, null, false, true);
        NativeShim.deliver((int) started[NativeShim.CONTROL_FD], plan, null, -1);
        ShimRun r = ShimRun.run(started);
        assertEquals(List.of(NativeShim.MSG_PLAN_REJECTED), r.types(), r.describe());
        assertArrayEquals(new int[] {NativeShim.MSG_PLAN_REJECTED, 0, NAMESPACES_AHEAD, 0, -1}, r.messages.get(0),
                r.describe());
        assertEquals(125, NativeShim.exitCode(r.shimStatus), "no container: exit 125");
    }

    private static String read(int fd) {
        StringBuilder got = new StringBuilder();
        byte[] buf = new byte[4096];
        for (int n; (n = NativePty.read(fd, buf)) > 0; ) {
            got.append(new String(buf, 0, n));
        }
        NativeShim.close(fd);
        return got.toString();
    }
}
