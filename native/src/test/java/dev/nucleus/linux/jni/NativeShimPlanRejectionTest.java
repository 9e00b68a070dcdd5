package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed plans through the real shim: one PLAN_REJECTED {offset of the first bad byte,
 * reason} and exit 125, no PID, no crash (a crash would be a signal status, not 125).
 */
@Tag("root")
class NativeShimPlanRejectionTest {
    static final int BAD_MAGIC = 1, BAD_VERSION = 2, BAD_LENGTH = 3, RECORD_OVERRUN = 4, UNKNOWN_OP = 5,
            BAD_PAYLOAD = 6, BAD_STRING = 7, BAD_COUNT = 8, BAD_STRUCTURE = 9;

    static Stream<Arguments> malformed() {
        TestPlan unknown = TestPlan.cloneFlags(0);
        int unknownAt = unknown.nextOffset();
        unknown.record(9, new TestPlan.Payload()).exec("/bin/true");

        TestPlan nul = TestPlan.cloneFlags(0);
        int nulExecAt = nul.nextOffset();
        nul.exec("/bin/tr\0ue");

        TestPlan noExec = TestPlan.cloneFlags(0);
        int lastAt = noExec.nextOffset();
        noExec.makePrivate();

        TestPlan truncatedPlan = TestPlan.cloneFlags(0);
        int execAt = truncatedPlan.nextOffset();
        byte[] truncated = Arrays.copyOf(truncatedPlan.exec("/bin/true").build(), execAt + 12);
        setU32(truncated, 8, truncated.length);

        byte[] longer = TestPlan.cloneFlags(0).exec("/bin/true").build();
        setU32(longer, 8, longer.length + 1);

        TestPlan extra = TestPlan.cloneFlags(0);
        int mkdirAt = extra.nextOffset();
        extra.record(11, new TestPlan.Payload().str("/x").u32(0755).u32(0)).exec("/bin/true");

        TestPlan many = TestPlan.cloneFlags(0);
        int manyAt = many.nextOffset();
        many.exec("/bin/true", Collections.nCopies(65_537, "a"), List.of());

        TestPlan longArg = TestPlan.cloneFlags(0); // an argument: the kernel's MAX_ARG_STRLEN, not 4096
        int longArgAt = longArg.nextOffset();
        longArg.exec("/bin/true", List.of("a".repeat(131_073)), List.of());

        TestPlan longStr = TestPlan.cloneFlags(0);
        int longAt = longStr.nextOffset();
        longStr.chdir("/" + "a".repeat(4096)).exec("/bin/true");

        TestPlan seccomp = TestPlan.cloneFlags(0);
        int seccompAt = seccomp.nextOffset();
        seccomp.seccomp(0, new byte[12]).exec("/bin/true");

        TestPlan bigPort = TestPlan.cloneFlags(0);
        int bigPortAt = bigPort.nextOffset();
        bigPort.record(39, new TestPlan.Payload().u64(3).u32(1).u64(1).u64(65536)).exec("/bin/true");
        TestPlan unhandled = TestPlan.cloneFlags(0);
        int unhandledAt = unhandled.nextOffset();
        unhandled.record(39, new TestPlan.Payload().u64(1).u32(1).u64(2).u64(443)).exec("/bin/true");
        TestPlan unknownNetRight = TestPlan.cloneFlags(0);
        int unknownNetRightAt = unknownNetRight.nextOffset();
        unknownNetRight.record(39, new TestPlan.Payload().u64(4).u32(0)).exec("/bin/true");

        TestPlan outside = TestPlan.cloneFlags(0);
        int outsideAt = outside.nextOffset();
        outside.record(41, new TestPlan.Payload().str("/tmp/x/tasks")).exec("/bin/true");
        TestPlan climbing = TestPlan.cloneFlags(0);
        int climbingAt = climbing.nextOffset();
        climbing.record(41, new TestPlan.Payload().str("/sys/fs/cgroup/../../etc/tasks")).exec("/bin/true");
        TestPlan notTasks = TestPlan.cloneFlags(0);
        int notTasksAt = notTasks.nextOffset();
        notTasks.record(41, new TestPlan.Payload().str("/sys/fs/cgroup/pids/pids.max")).exec("/bin/true");

        TestPlan mapsAfterGo = TestPlan.cloneFlags(0).awaitGo();
        int mapsAfterGoAt = mapsAfterGo.nextOffset();
        mapsAfterGo.awaitMaps().exec("/bin/true");
        TestPlan mapsTwice = TestPlan.cloneFlags(0).awaitMaps();
        int secondMapsAt = mapsTwice.nextOffset();
        mapsTwice.awaitMaps().awaitGo().exec("/bin/true");
        TestPlan mapsAlone = TestPlan.cloneFlags(0);
        int mapsAloneAt = mapsAlone.nextOffset();
        mapsAlone.awaitMaps().exec("/bin/true");

        TestPlan twoClones = TestPlan.cloneFlags(0);
        int secondCloneAt = twoClones.nextOffset();
        twoClones.record(1, new TestPlan.Payload().u64(0)).exec("/bin/true");

        return Stream.of(
                Arguments.of("bad magic", TestPlan.cloneFlags(0).exec("/bin/true").build(0x12345678, 1, 2), 0, BAD_MAGIC),
                Arguments.of("unsupported version", TestPlan.cloneFlags(0).exec("/bin/true").build(TestPlan.MAGIC, 2, 2), 4, BAD_VERSION),
                Arguments.of("empty buffer", new byte[0], 0, BAD_LENGTH),
                Arguments.of("total length over the buffer", longer, 8, BAD_LENGTH),
                Arguments.of("truncated record", truncated, execAt + 4, RECORD_OVERRUN),
                Arguments.of("unknown op", unknown.build(), unknownAt, UNKNOWN_OP),
                Arguments.of("payload longer than its fields", extra.build(), mkdirAt + 8 + 10, BAD_PAYLOAD),
                Arguments.of("NUL in a string", nul.build(), nulExecAt + 8 + 4 + 7, BAD_STRING),
                Arguments.of("string over 4096 bytes", longStr.build(), longAt + 8, BAD_STRING),
                Arguments.of("argv count over 65536", many.build(), manyAt + 8 + 4 + 9, BAD_COUNT),
                Arguments.of("argument over 131072 bytes", longArg.build(), longArgAt + 8 + 4 + 9 + 4, BAD_STRING),
                Arguments.of("EXEC missing", noExec.build(), lastAt, BAD_STRUCTURE),
                Arguments.of("CLONE_FLAGS repeated", twoClones.build(), secondCloneAt, BAD_STRUCTURE),
                Arguments.of("CLONE_VM is not a namespace flag", TestPlan.cloneFlags(0x100).exec("/bin/true").build(), 24, BAD_STRUCTURE),
                Arguments.of("seccomp program not whole instructions", seccomp.build(), seccompAt + 8 + 4, BAD_STRUCTURE),
                Arguments.of("Landlock port over 65535", bigPort.build(), bigPortAt + 8 + 12, BAD_STRUCTURE),
                Arguments.of("Landlock port right not handled", unhandled.build(), unhandledAt + 8 + 12, BAD_STRUCTURE),
                Arguments.of("unknown Landlock net right", unknownNetRight.build(), unknownNetRightAt + 8, BAD_STRUCTURE),
                Arguments.of("cgroup join outside /sys/fs/cgroup", outside.build(), outsideAt + 8, BAD_STRUCTURE),
                Arguments.of("cgroup join climbing out with ..", climbing.build(), climbingAt + 8, BAD_STRUCTURE),
                Arguments.of("cgroup join of a file that is not tasks", notTasks.build(), notTasksAt + 8, BAD_STRUCTURE),
                Arguments.of("AWAIT_MAPS after AWAIT_GO", mapsAfterGo.build(), mapsAfterGoAt, BAD_STRUCTURE),
                Arguments.of("AWAIT_MAPS twice", mapsTwice.build(), secondMapsAt, BAD_STRUCTURE),
                Arguments.of("AWAIT_MAPS without AWAIT_GO", mapsAlone.build(), mapsAloneAt, BAD_STRUCTURE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRejectedWithOffsetAndReason(String name, byte[] plan, int offset, int reason) {
        ShimRun r = ShimRun.run(plan);
        assertEquals(List.of(NativeShim.MSG_PLAN_REJECTED), r.types(), name + ": " + r.describe());
        assertArrayEquals(new int[] {NativeShim.MSG_PLAN_REJECTED, offset, reason, 0, -1}, r.messages.get(0),
                name + ": " + r.describe());
        assertEquals(125 << 8, r.shimStatus, name + ": exit 125, not a crash");
    }

    private static void setU32(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
