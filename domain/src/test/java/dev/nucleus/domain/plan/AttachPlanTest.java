package dev.nucleus.domain.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

/** An attach plan: the template's confining steps between the namespaces to join, cgroup joins, and the new Exec. */
class AttachPlanTest {
    private static int op(byte[] record) {
        return ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getShort(0);
    }

    @Test
    void retargetJoinsTheCgroupsFirstKeepsTheTemplatesStepsAndExecsTheNewCommand() {
        byte[] template = PlanEncoder.encode(new IsolationPlan(Clone.NEWNS, List.of(new Step.NoNewPrivs(),
                new Step.Chdir("/w"), new Step.Exec("/bin/app", List.of("app"), List.of("HOME=/root")))));
        byte[] plan = AttachPlan.retarget(template, Clone.NEWPID, List.of("/sys/fs/cgroup/pids/nucleus/c/tasks"),
                "/bin/sh", List.of("sh", "-c", "id"));
        List<byte[]> records = AttachPlan.records(plan);
        assertEquals(List.of(1, 41, 26, 17, 31), records.stream().map(AttachPlanTest::op).toList());
        byte[] expected = PlanEncoder.encode(new IsolationPlan(Clone.NEWPID, List.of(
                new Step.JoinCgroup("/sys/fs/cgroup/pids/nucleus/c/tasks"), new Step.NoNewPrivs(), new Step.Chdir("/w"),
                new Step.Exec("/bin/sh", List.of("sh", "-c", "id"), List.of("HOME=/root")))));
        assertArrayEquals(expected, plan, "the same bytes as encoding that plan directly");
        assertArrayEquals(PlanEncoder.encode(new IsolationPlan(Clone.NEWPID, List.of(new Step.NoNewPrivs(),
                new Step.Chdir("/w"), new Step.Exec("/bin/sh", List.of("sh"), List.of("HOME=/root"))))),
                AttachPlan.retarget(template, Clone.NEWPID, List.of(), "/bin/sh", List.of("sh")), "no cgroup to join");
    }
}
