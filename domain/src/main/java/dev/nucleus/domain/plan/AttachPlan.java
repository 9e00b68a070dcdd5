package dev.nucleus.domain.plan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code nucleus attach} runs in a running container: a process that joins the container's
 * namespaces and cgroup and then takes on exactly the workload's confinement — identity,
 * capabilities, rlimits, no_new_privs, Landlock, seccomp, working directory — never more than the
 * workload has (the reference attaches as container root outside the cgroup).
 *
 * <p>The launch stores a template (its confinement steps and the workload's {@code Exec}, whose
 * environment holds no secret) encoded as a plan; attach re-targets it: the namespaces to join
 * in place of CLONE_FLAGS, and its own command in place of the workload's.
 */
public final class AttachPlan {
    private static final int HEADER = 16;

    private AttachPlan() {
    }

    /**
     * The template for {@code plan}, or empty when a process cannot be attached faithfully: trace
     * mode's filter reports to the runtime that launched the container, nobody else.
     */
    public static Optional<IsolationPlan> template(IsolationPlan plan, Step.Exec workload) {
        List<Step> steps = plan.steps();
        int start = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof Step.PivotRoot) {
                start = i + 1; // before it, paths are the host's
            }
        }
        List<Step> confinement = new ArrayList<>();
        for (Step s : steps.subList(start, steps.size() - 1)) {
            if (s instanceof Step.Seccomp seccomp && seccomp.trace()) {
                return Optional.empty();
            }
            if (confines(s)) {
                confinement.add(s);
            }
        }
        confinement.add(workload);
        return Optional.of(new IsolationPlan(0, confinement));
    }

    private static boolean confines(Step s) {
        return s instanceof Step.SetIdentity || s instanceof Step.DropBounding || s instanceof Step.Capset
                || s instanceof Step.Ambient || s instanceof Step.Rlimit || s instanceof Step.NoNewPrivs
                || s instanceof Step.Landlock || s instanceof Step.LandlockNet || s instanceof Step.LandlockScope
                || s instanceof Step.CloseFds || s instanceof Step.Seccomp || s instanceof Step.Chdir;
    }

    /**
     * The encoded template with {@code joinFlags} (the CLONE_NEW* namespaces to join) as its first
     * record, then a {@link Step.JoinCgroup} for each of {@code cgroupJoins} (the container's v1
     * {@code tasks} files), and an {@code Exec} of {@code path} with {@code argv} and the template's
     * environment as its last.
     */
    public static byte[] retarget(byte[] template, long joinFlags, List<String> cgroupJoins, String path,
                                  List<String> argv) {
        List<byte[]> records = records(template);
        List<String> env = execEnvironment(records.getLast());
        List<byte[]> ends = records(PlanEncoder.encode(new IsolationPlan(joinFlags,
                List.of(new Step.Exec(path, argv, env))).joiningFirst(cgroupJoins)));
        List<byte[]> out = new ArrayList<>(ends.subList(0, ends.size() - 1));
        out.addAll(records.subList(1, records.size() - 1));
        out.add(ends.getLast());
        int total = HEADER + out.stream().mapToInt(r -> r.length).sum();
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(template, 0, 8).putInt(total).putInt(out.size());
        out.forEach(b::put);
        return b.array();
    }

    /** The records of an encoded plan, each with its header. */
    static List<byte[]> records(byte[] plan) {
        ByteBuffer b = ByteBuffer.wrap(plan).order(ByteOrder.LITTLE_ENDIAN);
        if (plan.length < HEADER || b.getInt(0) != 0x5043554E || b.getInt(8) != plan.length) {
            throw new IllegalArgumentException("not an encoded plan");
        }
        int count = b.getInt(12);
        List<byte[]> out = new ArrayList<>();
        int at = HEADER;
        for (int i = 0; i < count; i++) {
            if (at + 8 > plan.length) {
                throw new IllegalArgumentException("a plan record runs past the end");
            }
            int length = 8 + b.getInt(at + 4);
            if (length < 8 || at + length > plan.length) {
                throw new IllegalArgumentException("a plan record runs past the end");
            }
            byte[] r = new byte[length];
            System.arraycopy(plan, at, r, 0, length);
            out.add(r);
            at += length;
        }
        if (at != plan.length || out.size() < 2 || (b.getShort(HEADER) & 0xffff) != 1) {
            throw new IllegalArgumentException("not an encoded plan");
        }
        return out;
    }

    /** The {@code env} list of an EXEC record ({@code str path, strlist argv, strlist env}). */
    private static List<String> execEnvironment(byte[] record) {
        ByteBuffer b = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        if ((b.getShort(0) & 0xffff) != 31) {
            throw new IllegalArgumentException("a plan ends with EXEC");
        }
        b.position(8);
        skip(b, b.getInt()); // path
        int argc = b.getInt();
        for (int i = 0; i < argc; i++) {
            skip(b, b.getInt());
        }
        int envc = b.getInt();
        List<String> env = new ArrayList<>(envc);
        for (int i = 0; i < envc; i++) {
            byte[] s = new byte[b.getInt()];
            b.get(s);
            env.add(new String(s, StandardCharsets.UTF_8));
        }
        return env;
    }

    private static void skip(ByteBuffer b, int n) {
        b.position(b.position() + n);
    }
}
