package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the container process runs what: the steps before AWAIT_GO without GO, those after
 * AWAIT_MAPS only once the id maps are written, a pause until RESUME, nothing at all after ABORT.
 * The shim for real, as {@link NativeShimTest}. Root: namespaces.
 */
@Tag("root")
class ShimGoOrderTest {
    static final int ENOENT = 2, EPROTO = 71;
    static final int OP_MOUNT = 10, OP_AWAIT_MAPS = 45;

    /** The steps before AWAIT_GO run while the runtime has not sent GO; the rest only after it. */
    @Test
    void stepsBeforeAwaitGoRunBeforeGoAndTheRestAfterIt(@TempDir Path tmp) throws Exception {
        Path before = tmp.resolve("before");
        Path after = tmp.resolve("after");
        ShimRun r = ShimRun.spawn(writesAroundGo(TestPlan.cloneFlags(TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWPID),
                before, after));
        try {
            int[] pid = NativeShim.receive(r.control(), ShimRun.TIMEOUT_MS);
            assertEquals(NativeShim.MSG_PID, pid[0]);
            goesOnAtGo(r, before, after);
        } finally {
            r.finish();
        }
        assertEquals(0, r.shimStatus, r.describe());
        assertEquals("2", NativeShimTest.read(after));
    }

    /** {@code plan} going on with a file written at {@code before}, AWAIT_GO, one at {@code after}, /bin/true. */
    private static byte[] writesAroundGo(TestPlan plan, Path before, Path after) {
        return plan.writeFile(before.toString(), 0644, "1".getBytes(StandardCharsets.UTF_8))
                .awaitGo()
                .writeFile(after.toString(), 0644, "2".getBytes(StandardCharsets.UTF_8))
                .exec("/bin/true")
                .build();
    }

    /**
     * The step that writes {@code before} runs without GO (within 5 s) and the one that writes
     * {@code after} waits for it; then GO, and the run to its end.
     */
    private static void goesOnAtGo(ShimRun r, Path before, Path after) throws Exception {
        for (int i = 0; i < 500 && !Files.exists(before); i++) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(before), "the step before AWAIT_GO ran without GO");
        Thread.sleep(100);
        assertFalse(Files.exists(after), "the step after AWAIT_GO waits for GO");
        NativeShim.send(r.control(), NativeShim.MSG_GO, 0);
        r.converse(NativeShim.MSG_GO, null);
    }

    /**
     * AWAIT_MAPS first: nothing runs before MAPS; then the steps up to AWAIT_GO run while the
     * runtime has not sent GO, and the rest only after it. A GO where MAPS was awaited is no
     * MAPS: the process ends, having run nothing.
     */
    @Test
    void stepsAfterAwaitMapsWaitForMapsAndThoseAfterAwaitGoForGo(@TempDir Path tmp) throws Exception {
        Path mapped = tmp.resolve("mapped");
        Path after = tmp.resolve("after");
        byte[] plan = writesAroundGo(TestPlan.cloneFlags(TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWPID).awaitMaps(),
                mapped, after);
        ShimRun r = ShimRun.spawn(plan);
        try {
            int[] pid = NativeShim.receive(r.control(), ShimRun.TIMEOUT_MS);
            assertEquals(NativeShim.MSG_PID, pid[0]);
            Thread.sleep(100);
            assertFalse(Files.exists(mapped), "the step after AWAIT_MAPS waits for MAPS");
            NativeShim.send(r.control(), NativeShim.MSG_MAPS, 0);
            goesOnAtGo(r, mapped, after);
        } finally {
            r.finish();
        }
        assertEquals(0, r.shimStatus, r.describe());
        assertEquals("2", NativeShimTest.read(after));

        Files.delete(mapped);
        ShimRun early = ShimRun.spawn(plan);
        try {
            assertEquals(NativeShim.MSG_PID, NativeShim.receive(early.control(), ShimRun.TIMEOUT_MS)[0]);
            NativeShim.send(early.control(), NativeShim.MSG_GO, 0);
            int[] failed = NativeShim.receive(early.control(), ShimRun.TIMEOUT_MS);
            assertEquals(List.of(NativeShim.MSG_STEP_FAILED, 1, EPROTO, OP_AWAIT_MAPS),
                    List.of(failed[0], failed[1], failed[2], failed[3]), "GO in the place of MAPS: that step failed");
            assertEquals(NativeShim.MSG_EXIT, NativeShim.receive(early.control(), ShimRun.TIMEOUT_MS)[0]);
            assertFalse(Files.exists(mapped), "nothing after it ran");
        } finally {
            early.finish();
        }
        assertEquals(NativeShimTest.exited(125), early.shimStatus, early.describe());
    }

    /**
     * A step before AWAIT_GO that fails is reported without GO. And GO, sent at once after PID as
     * the runtime does, races the failure: a GO written to the pipe of a process gone already must
     * not end the shim by SIGPIPE (it used to): always STEP_FAILED, then EXIT 125.
     */
    @Test
    void aStepFailingBeforeAwaitGoIsReportedAndAGoRacingItHarmsNothing() {
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS)
                .makePrivate()
                .mount("/tmp", "/nonexistent-nucleus-target/x", "", TestPlan.MS_BIND, "")
                .awaitGo()
                .exec("/bin/true")
                .build();
        ShimRun quiet = ShimRun.spawn(plan);
        try {
            assertEquals(NativeShim.MSG_PID, NativeShim.receive(quiet.control(), ShimRun.TIMEOUT_MS)[0]);
            int[] failed = NativeShim.receive(quiet.control(), ShimRun.TIMEOUT_MS);
            assertEquals(List.of(NativeShim.MSG_STEP_FAILED, 2, ENOENT, OP_MOUNT),
                    List.of(failed[0], failed[1], failed[2], failed[3]), "reported without GO");
            assertEquals(NativeShim.MSG_EXIT, NativeShim.receive(quiet.control(), ShimRun.TIMEOUT_MS)[0]);
        } finally {
            quiet.finish();
        }
        for (int i = 0; i < 40; i++) {
            ShimRun r = ShimRun.run(plan);
            assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_STEP_FAILED, NativeShim.MSG_EXIT), r.types(),
                    "run " + i + ": " + r.describe());
            assertEquals(NativeShimTest.exited(125), r.shimStatus, "run " + i + ": " + r.describe());
        }
    }

    /** HOOK_PAUSE: the container stops before exec, the shim says PAUSED, and only RESUME lets it go on. */
    @Test
    void aHookPauseWaitsForResume(@TempDir Path tmp) throws IOException {
        Path marker = tmp.resolve("ran");
        byte[] plan = TestPlan.cloneFlags(0).record(40, new TestPlan.Payload())
                .exec("/bin/sh", "-c", "touch \"$0\"", marker.toString()).build();
        ShimRun resumed = ShimRun.run(plan);
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_PAUSED, NativeShim.MSG_EXECED, NativeShim.MSG_EXIT),
                resumed.types(), resumed.describe());
        assertEquals(1, resumed.first(NativeShim.MSG_PAUSED)[1], "the pause's step index");
        assertTrue(Files.exists(marker));

        Files.delete(marker);
        ShimRun aborted = ShimRun.spawn(plan);
        try {
            assertEquals(NativeShim.MSG_PID, NativeShim.receive(aborted.control(), ShimRun.TIMEOUT_MS)[0]);
            NativeShim.send(aborted.control(), NativeShim.MSG_GO, 0);
            assertEquals(NativeShim.MSG_PAUSED, NativeShim.receive(aborted.control(), ShimRun.TIMEOUT_MS)[0]);
            NativeShim.send(aborted.control(), NativeShim.MSG_ABORT, 0);
            int[] next = NativeShim.receive(aborted.control(), ShimRun.TIMEOUT_MS);
            while (next[0] != NativeShim.MSG_EXIT) {
                next = NativeShim.receive(aborted.control(), ShimRun.TIMEOUT_MS);
            }
        } finally {
            aborted.finish();
        }
        assertTrue(!Files.exists(marker), "ABORT at the pause: the workload never ran");
    }

    @Test
    void abortInsteadOfGoKillsTheContainerBeforeItRunsAnything(@TempDir Path tmp) {
        Path marker = tmp.resolve("ran");
        ShimRun r = ShimRun.spawn(TestPlan.cloneFlags(0).exec("/bin/sh", "-c", "touch \"$0\"", marker.toString()).build());
        try {
            r.converse(NativeShim.MSG_ABORT, null);
        } finally {
            r.finish();
        }
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_EXIT), r.types(), r.describe());
        assertEquals(9, r.first(NativeShim.MSG_EXIT)[1]);
        assertTrue(!Files.exists(marker), "nothing ran");
    }
}
