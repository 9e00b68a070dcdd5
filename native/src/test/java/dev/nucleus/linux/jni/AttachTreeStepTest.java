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

/**
 * ATTACH_ROOTFS (op 43) and ATTACH_LAYER (op 44): the idmapped trees the JVM passed on fds 7 and 8
 * go at their targets, in the container alone.
 */
@Tag("root")
class AttachTreeStepTest {
    private static final int OP_ATTACH_ROOTFS = 43;
    private static final int OP_ATTACH_LAYER = 44;
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
            NativeShim.deliver((int) started[NativeShim.CONTROL_FD], plan, null, -1, tree, -1);
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

    /** Both trees at once, each at its own target: the rootfs's on fd 7, an image layer's on fd 8. */
    @Test
    void aLayerTreeGoesAtItsOwnTargetBesideTheRootfs() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Files.writeString(rootfs.resolve("motd"), "rootfs\n");
        Path layer = Files.createDirectories(tmp.resolve("layer"));
        Files.writeString(layer.resolve("motd"), "layer\n");
        Path rootTarget = Files.createDirectories(tmp.resolve("root"));
        Path layerTarget = Files.createDirectories(tmp.resolve("image"));
        Path seen = tmp.resolve("seen");
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS)
                .makePrivate()
                .record(OP_ATTACH_ROOTFS, new TestPlan.Payload().str(rootTarget.toString()))
                .record(OP_ATTACH_LAYER, new TestPlan.Payload().str(layerTarget.toString()))
                .exec("/bin/sh", "-c", "cat " + rootTarget + "/motd " + layerTarget + "/motd > " + seen
                        + "; stat -c %u " + layerTarget + "/motd >> " + seen)
                .build();
        int rootTree = NativeMounts.idmappedTree(rootfs.toString(), "0 100000 65536\n", "0 100000 65536\n");
        int layerTree = NativeMounts.idmappedTree(layer.toString(), "0 200000 65536\n", "0 200000 65536\n");
        long[] started = NativeShim.start(NativeShim.shimPath(), false);
        try {
            NativeShim.deliver((int) started[NativeShim.CONTROL_FD], plan, null, -1, rootTree, layerTree);
        } finally {
            NativeShim.close(rootTree);
            NativeShim.close(layerTree);
        }
        ShimRun r = ShimRun.run(started);
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_EXECED, NativeShim.MSG_EXIT), r.types(), r.describe());
        assertEquals("rootfs\nlayer\n200000\n", Files.readString(seen), "each tree where its step put it, by its maps");
        try (var entries = Files.list(layerTarget)) {
            assertEquals(List.of(), entries.toList(), "attached in the container's mount namespace only");
        }
    }

    /** A rootfs tree is no layer tree: without fd 8 from the JVM, ATTACH_LAYER fails with EBADF. */
    @Test
    void withoutALayerTreeTheLayerStepFails() throws IOException {
        Path rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        Path marker = tmp.resolve("ran");
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS)
                .makePrivate()
                .record(OP_ATTACH_LAYER, new TestPlan.Payload().str(tmp.toString()))
                .exec("/bin/sh", "-c", "touch " + marker)
                .build();
        int tree = NativeMounts.idmappedTree(rootfs.toString(), "0 100000 65536\n", "0 100000 65536\n");
        long[] started = NativeShim.start(NativeShim.shimPath(), false);
        try {
            NativeShim.deliver((int) started[NativeShim.CONTROL_FD], plan, null, -1, tree, -1);
        } finally {
            NativeShim.close(tree);
        }
        ShimRun r = ShimRun.run(started);
        int[] failed = r.first(NativeShim.MSG_STEP_FAILED);
        assertEquals(2, failed[1], r.describe());
        assertEquals(EBADF, failed[2]);
        assertEquals(OP_ATTACH_LAYER, failed[3]);
        assertFalse(Files.exists(marker), "the workload never ran");
    }
}
