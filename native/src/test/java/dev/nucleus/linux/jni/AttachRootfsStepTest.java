package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ATTACH_ROOTFS (op 43): the idmapped tree the JVM passed on fd 7 goes at its target, in the container alone. */
@Tag("root")
class AttachRootfsStepTest {
    private static final int OP_ATTACH_ROOTFS = 43;
    private static final int OP_MOUNT_EXPECT = 37;
    private static final int EBADF = 9;

    @TempDir
    Path tmp;

    /**
     * The tree is attached read-only (its MOUNT_EXPECT holds) and shows the maps' owner; the
     * container's mount namespace alone sees it: the host's directory stays as it was.
     */
    @Test
    void theTreeIsAttachedAtItsTargetInTheContainer() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("motd"), "hi\n");
        Path target = Files.createDirectories(tmp.resolve("target"));
        Path seen = tmp.resolve("seen");
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS)
                .makePrivate()
                .record(OP_ATTACH_ROOTFS, new TestPlan.Payload().str(target.toString()))
                .record(OP_MOUNT_EXPECT, new TestPlan.Payload().str(target.toString()).u64(1)) // ro
                .exec("/bin/sh", "-c", "stat -c %u " + target + "/motd > " + seen)
                .build();
        int tree = NativeMounts.idmappedTree(rootfs.toString(), "0 100000 65536\n", "0 100000 65536\n");
        long[] started = NativeShim.start(NativeShim.shimPath(), false);
        ShimRun r;
        try {
            NativeShim.deliver((int) started[NativeShim.CONTROL_FD], plan, null, -1, tree);
        } finally {
            NativeShim.close(tree); // the shim holds its own copy
        }
        r = ShimRun.run(started);
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_EXECED, NativeShim.MSG_EXIT), r.types(), r.describe());
        assertEquals("100000\n", Files.readString(seen));
        try (var entries = Files.list(target)) {
            assertEquals(List.of(), entries.toList(), "attached in the container's mount namespace only");
        }
    }

    /** Without a tree from the JVM, fd 7 is nobody's to move (a pipe, maybe): the step fails with EBADF. */
    @Test
    void withoutATreeTheStepFailsAndNothingRuns() throws IOException {
        Path marker = tmp.resolve("ran");
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS)
                .makePrivate()
                .record(OP_ATTACH_ROOTFS, new TestPlan.Payload().str(tmp.toString()))
                .exec("/bin/sh", "-c", "touch " + marker)
                .build();
        ShimRun r = ShimRun.run(plan);
        int[] failed = r.first(NativeShim.MSG_STEP_FAILED);
        assertEquals(2, failed[1], r.describe());
        assertEquals(EBADF, failed[2]);
        assertEquals(OP_ATTACH_ROOTFS, failed[3]);
        assertFalse(Files.exists(marker), "the workload never ran");
        assertTrue(r.types().contains(NativeShim.MSG_EXIT), r.describe());
    }
}
