package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.linux.sys.LaunchWorker;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shim started ahead of its plan never outlives a launch that does not take it. */
class ShimAheadTest {
    private final LaunchWorker worker = new LaunchWorker();

    @AfterEach
    void closeWorker() {
        worker.close();
    }

    /** This JVM's child processes that run nucleus-shim. */
    private static List<Long> shims() throws IOException {
        try (Stream<ProcessHandle> children = ProcessHandle.current().children()) {
            return children.filter(p -> p.info().command().map(c -> c.endsWith("/nucleus-shim")).orElse(false))
                    .map(ProcessHandle::pid).toList();
        }
    }

    /**
     * The shims once there are {@code expected} of them (a shim begun ahead starts on a thread of its
     * own, so a busy host may show it a moment later), or as they are after 5 s.
     */
    private static List<Long> shimsOnce(int expected) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Long> now = shims();
        while (now.size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            now = shims();
        }
        return now;
    }

    @Test
    void aShimStartedButNotTakenIsEndedAndReaped() throws Exception {
        ShimAhead ahead = ShimAhead.unstarted(worker);
        ahead.begin();
        ShimSession session = null;
        try (ShimAhead taken = ShimAhead.unstarted(worker)) {
            taken.begin();
            session = taken.take(); // the session owns this one
            List<Long> both = shimsOnce(2);
            assertEquals(2, both.size(), "both started: " + both);
        }
        assertEquals(2, shims().size(), "closing after take leaves the session's shim alone");
        ahead.close();
        session.close();
        assertEquals(List.of(), shims(), "none left");
    }

    @Test
    void anUnstartedOneStartsNothing() throws Exception {
        try (ShimAhead ahead = ShimAhead.unstarted(worker)) {
            assertEquals(List.of(), shims());
        }
        assertEquals(List.of(), shims());
    }

    /** No controlling terminal of the caller's reaches the workload: the shim leads a session of its own. */
    @Test
    void theShimLeadsASessionOfItsOwn() throws Exception {
        try (ShimAhead ahead = ShimAhead.unstarted(worker, StdioRelay.of(new int[] {0, 1, 2}, false, false, false, false),
                false)) {
            ahead.begin();
            try (ShimSession session = ahead.take()) {
                long shim = shimsOnce(1).getFirst();
                String[] stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + shim + "/stat"))
                        .replaceFirst("^.*\\) ", "").split(" ");
                assertEquals(Long.toString(shim), stat[3], "its session id is its own pid: " + String.join(" ", stat));
                assertEquals("0", stat[4], "no controlling terminal");
            }
        }
        assertEquals(List.of(), shimsOnce(0));
    }
}
