package dev.nucleus.domain.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlanEncoderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void encodesTheDocumentedLayoutByteForByte() {
        IsolationPlan plan = new IsolationPlan(Clone.NEWNS | Clone.NEWPID,
                List.of(new Step.SetHostname("ab"), new Step.Exec("/x", List.of("x"), List.of())));
        byte[] expected = hex(
                "4e554350 0100 0000 49000000 03000000"            // magic NUCP, v1, reserved, length 73, 3 records
                        + "0100 0000 08000000 0000022000000000"   // CLONE_FLAGS: NEWNS|NEWPID
                        + "1000 0000 06000000 02000000 6162"      // SETHOSTNAME "ab"
                        + "1f00 0000 13000000 02000000 2f78"      // EXEC (19 bytes) path "/x"
                        + "01000000 01000000 78"                  //   argv ["x"]
                        + "00000000");                            //   env []
        assertArrayEquals(expected, PlanEncoder.encode(plan));
    }

    @Test
    void cgroupJoinsComeFirstAndAreEncodedAsTheirTasksFile() {
        IsolationPlan plan = new IsolationPlan(Clone.NEWNS, List.of(new Step.SetHostname("ab"),
                new Step.Exec("/x", List.of("x"), List.of())));
        IsolationPlan joined = plan.joiningFirst(List.of("/sys/fs/cgroup/pids/nucleus/c/tasks",
                "/sys/fs/cgroup/memory/nucleus/c/tasks"));
        assertEquals(List.of(new Step.JoinCgroup("/sys/fs/cgroup/pids/nucleus/c/tasks"),
                new Step.JoinCgroup("/sys/fs/cgroup/memory/nucleus/c/tasks"), new Step.SetHostname("ab"),
                new Step.Exec("/x", List.of("x"), List.of())), joined.steps());
        assertEquals(plan.cloneFlags(), joined.cloneFlags());
        assertEquals("join cgroup /sys/fs/cgroup/pids/nucleus/c", joined.describeRecord(1));
        assertTrue(plan == plan.joiningFirst(List.of()), "nothing to join: the same plan");
        byte[] record = hex("2900 0000 08000000 04000000 2f612f62"); // op 41, str "/a/b"
        byte[] encoded = PlanEncoder.encode(new IsolationPlan(0, List.of(new Step.JoinCgroup("/a/b"),
                new Step.Exec("/x", List.of("x"), List.of()))));
        assertArrayEquals(record, java.util.Arrays.copyOfRange(encoded, 16 + 16, 16 + 16 + record.length));
    }

    /**
     * GO first (a user namespace, create-time hooks): then the cgroup joins, then the cgroup
     * namespace (it must start in the final cgroups), then the rest in order; AWAIT_GO is one
     * empty record, and a plan awaits GO once.
     */
    @Test
    void goAwaitedFirstComesBeforeTheJoinsWhichComeBeforeTheCgroupNamespace() {
        Step exec = new Step.Exec("/x", List.of("x"), List.of());
        IsolationPlan plan = new IsolationPlan(Clone.NEWNS, List.of(new Step.MakePrivate(), new Step.SetHostname("ab"),
                new Step.AwaitGo(), new Step.Unshare(Clone.NEWCGROUP), new Step.NoNewPrivs(), exec));
        List<Step> expected = List.of(new Step.AwaitGo(), new Step.JoinCgroup("/sys/fs/cgroup/pids/c/tasks"),
                new Step.Unshare(Clone.NEWCGROUP), new Step.MakePrivate(), new Step.SetHostname("ab"),
                new Step.NoNewPrivs(), exec);
        List<String> joins = List.of("/sys/fs/cgroup/pids/c/tasks");
        assertEquals(expected, plan.awaitingGoFirst().joiningFirst(joins).steps(), "first, then joined");
        assertEquals(expected, plan.joiningFirst(joins).awaitingGoFirst().steps(), "joined, then first");
        assertEquals(List.of(new Step.JoinCgroup("/sys/fs/cgroup/pids/c/tasks"), new Step.MakePrivate(),
                new Step.SetHostname("ab"), new Step.AwaitGo()), plan.joiningFirst(joins).steps().subList(0, 4),
                "GO where the plan has it: the joins before the mounts");
        assertEquals(plan.awaitingGoFirst(), plan.awaitingGoFirst().awaitingGoFirst());

        byte[] encoded = PlanEncoder.encode(new IsolationPlan(0, List.of(new Step.AwaitGo(), exec)));
        assertArrayEquals(hex("2a00 0000 00000000"), java.util.Arrays.copyOfRange(encoded, 32, 40)); // op 42, empty
        assertEquals("wait for GO", plan.describeRecord(3));
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0, List.of(new Step.AwaitGo(),
                new Step.AwaitGo(), exec)));
    }

    /**
     * The id maps awaited first (a user namespace): the cgroup joins right after that wait, GO
     * where the plan has it; GO first (create-time hooks) drops the wait, which GO then covers.
     * AWAIT_MAPS is one empty record, awaited once and before GO, never without a GO after it.
     */
    @Test
    void theIdMapsAreAwaitedOnceBeforeGoAndTheJoinsFollowThem() {
        Step exec = new Step.Exec("/x", List.of("x"), List.of());
        IsolationPlan plan = new IsolationPlan(Clone.NEWNS | Clone.NEWUSER, List.of(new Step.AwaitMaps(),
                new Step.MakePrivate(), new Step.SetHostname("ab"), new Step.AwaitGo(),
                new Step.Unshare(Clone.NEWCGROUP), new Step.NoNewPrivs(), exec));
        List<String> joins = List.of("/sys/fs/cgroup/pids/c/tasks");
        assertTrue(plan.awaitsMaps());
        assertEquals(List.of(new Step.AwaitMaps(), new Step.JoinCgroup("/sys/fs/cgroup/pids/c/tasks"),
                new Step.MakePrivate(), new Step.SetHostname("ab"), new Step.AwaitGo()),
                plan.joiningFirst(joins).steps().subList(0, 5));
        IsolationPlan goFirst = plan.joiningFirst(joins).awaitingGoFirst();
        assertEquals(List.of(new Step.AwaitGo(), new Step.JoinCgroup("/sys/fs/cgroup/pids/c/tasks"),
                new Step.Unshare(Clone.NEWCGROUP), new Step.MakePrivate(), new Step.SetHostname("ab"),
                new Step.NoNewPrivs(), exec), goFirst.steps());
        assertFalse(goFirst.awaitsMaps());

        byte[] encoded = PlanEncoder.encode(new IsolationPlan(0, List.of(new Step.AwaitMaps(), new Step.AwaitGo(),
                exec)));
        assertArrayEquals(hex("2d00 0000 00000000"), java.util.Arrays.copyOfRange(encoded, 32, 40)); // op 45, empty
        assertEquals("wait for the id maps", plan.describeRecord(1));
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0, List.of(new Step.AwaitMaps(),
                new Step.AwaitMaps(), new Step.AwaitGo(), exec)), "twice");
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0, List.of(new Step.AwaitGo(),
                new Step.AwaitMaps(), exec)), "after GO");
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0, List.of(new Step.AwaitMaps(),
                exec)), "without a GO after it");
    }

    @Test
    void refusesWhatTheDecoderWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> PlanEncoder.encode(new IsolationPlan(0,
                List.of(new Step.SetHostname("a\0b"), new Step.Exec("/x", List.of(), List.of())))));
        assertThrows(IllegalArgumentException.class, () -> PlanEncoder.encode(new IsolationPlan(0,
                List.of(new Step.Seccomp(0, new byte[7]), new Step.Exec("/x", List.of(), List.of())))));
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0, List.of(new Step.NoNewPrivs())));
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0x11,
                List.of(new Step.Exec("/x", List.of(), List.of()))));
    }

    /**
     * The encoder's instanceof chain stands in for the compiler's exhaustiveness check: every
     * permitted Step (31 today, each built here from plain values) has an encoding.
     */
    @Test
    void everyKindOfStepHasAnEncoding() throws Exception {
        Class<?>[] kinds = Step.class.getPermittedSubclasses();
        List<String> encoded = new ArrayList<>();
        for (Class<?> kind : kinds) {
            RecordComponent[] fields = kind.getRecordComponents();
            Class<?>[] types = new Class<?>[fields.length];
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                types[i] = fields[i].getType();
                values[i] = plain(types[i]);
            }
            Step step = (Step) kind.getDeclaredConstructor(types).newInstance(values);
            PlanEncoder.payload(step); // throws for a step without an encoding
            encoded.add(kind.getSimpleName());
        }
        assertEquals(kinds.length, encoded.size());
        assertTrue(encoded.containsAll(List.of("Mount", "Exec", "Seccomp", "Landlock", "LandlockNet")), encoded.toString());
    }

    private static Object plain(Class<?> type) {
        if (type == String.class) {
            return "/x";
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == byte[].class) {
            return new byte[8];
        }
        if (type == List.class) {
            return List.of();
        }
        throw new IllegalArgumentException("no plain value for " + type);
    }
}
