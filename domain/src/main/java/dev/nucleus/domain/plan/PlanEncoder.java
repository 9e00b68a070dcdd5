package dev.nucleus.domain.plan;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes an {@link IsolationPlan} into the flat buffer of native/PLAN_FORMAT.md, version 1. The
 * limits the C decoder enforces are checked here too, so a plan Java builds is never rejected.
 */
public final class PlanEncoder {
    public static final int MAGIC = 0x5043554E;
    public static final int VERSION = 1;
    static final int MAX_STRING = 4096;
    static final int MAX_COUNT = 4096;
    /** EXEC's argv and env: an element as long as the kernel takes (MAX_ARG_STRLEN), and as many. */
    static final int MAX_ARG_STRING = dev.nucleus.domain.spec.Workload.MAX_ARG_BYTES;
    static final int MAX_ARGS = dev.nucleus.domain.spec.Workload.MAX_ARGS;
    /** The whole plan, as the decoder bounds it. */
    static final int MAX_SIZE = 16 << 20;
    static final int MAX_BYTES = 1 << 20;
    static final int CLONE_FLAGS_OP = 1;

    private PlanEncoder() {
    }

    /**
     * The plan in one buffer: each record's payload is written in place after its header, whose
     * length is filled in after it (a buffer per step, copied twice, cost every cold launch a
     * hundred allocations and copies).
     */
    public static byte[] encode(IsolationPlan plan) {
        if (plan.steps().size() + 1 > MAX_COUNT) {
            throw new IllegalArgumentException("a plan has at most " + MAX_COUNT + " records");
        }
        Payload p = new Payload();
        ByteSink out = p.out;
        out.littleEndian(MAGIC, 4);
        out.littleEndian(VERSION, 2);
        out.littleEndian(0, 2);
        int totalLength = out.size();
        out.littleEndian(0, 4); // filled in at the end
        out.littleEndian(plan.steps().size() + 1, 4);
        int record = beginRecord(out, CLONE_FLAGS_OP);
        p.u64(plan.cloneFlags());
        endRecord(out, record);
        for (Step step : plan.steps()) {
            record = beginRecord(out, step.op());
            payload(step, p);
            endRecord(out, record);
        }
        if (out.size() > MAX_SIZE) {
            throw new IllegalArgumentException("a plan is at most " + MAX_SIZE + " bytes");
        }
        out.setLittleEndian(totalLength, out.size(), 4);
        return out.toByteArray();
    }

    /** A record's op and reserved field, and room for its payload's length: where that length goes. */
    private static int beginRecord(ByteSink out, int op) {
        out.littleEndian(op, 2);
        out.littleEndian(0, 2);
        int length = out.size();
        out.littleEndian(0, 4);
        return length;
    }

    private static void endRecord(ByteSink out, int length) {
        out.setLittleEndian(length, out.size() - (length + 4), 4);
    }

    /** One step's payload on its own (tests: every permitted Step has an encoding). */
    static Payload payload(Step step) {
        return payload(step, new Payload());
    }

    /**
     * The payload of one step, field by field as PLAN_FORMAT.md lists them. An instanceof chain, not a
     * pattern switch: a switch over the sealed Step spins a class at its first use (some 2.5 ms of
     * every cold start); PlanEncoderTest holds every permitted Step to an encoding instead.
     */
    static Payload payload(Step step, Payload p) {
        if (step instanceof Step.Mount m) {
            return p.str(m.source()).str(m.target()).str(m.fstype()).u64(m.flags()).str(m.data());
        }
        if (step instanceof Step.Mkdir m) {
            return p.str(m.path()).u32(m.mode());
        }
        if (step instanceof Step.MkFile m) {
            return p.str(m.path()).u32(m.mode());
        }
        if (step instanceof Step.WriteFile w) {
            return p.str(w.path()).u32(w.mode()).bytes(w.content());
        }
        if (step instanceof Step.Symlink s) {
            return p.str(s.target()).str(s.linkPath());
        }
        if (step instanceof Step.PivotRoot r) {
            return p.str(r.newRoot()).u32(r.allowChrootFallback() ? 1 : 0);
        }
        if (step instanceof Step.SetHostname h) {
            return p.str(h.name());
        }
        if (step instanceof Step.Chdir c) {
            return p.str(c.path());
        }
        if (step instanceof Step.MaskPath m) {
            return p.str(m.path());
        }
        if (step instanceof Step.ReadonlyPath r) {
            return p.str(r.path());
        }
        if (step instanceof Step.DropBounding d) {
            return p.u64(d.keep());
        }
        if (step instanceof Step.SetIdentity i) {
            p.u32(i.uid()).u32(i.gid()).count(i.groups().size());
            i.groups().forEach(p::u32);
            return p;
        }
        if (step instanceof Step.Capset c) {
            return p.u64(c.effective()).u64(c.permitted()).u64(c.inheritable());
        }
        if (step instanceof Step.Ambient a) {
            return p.u64(a.raise());
        }
        if (step instanceof Step.Rlimit r) {
            return p.u32(r.resource()).u64(r.soft()).u64(r.hard());
        }
        if (step instanceof Step.Landlock l) {
            p.u32(l.abi()).u64(l.handledFs()).count(l.rules().size());
            l.rules().forEach(rule -> p.str(rule.path()).u64(rule.access()).u32(rule.optional() ? 1 : 0));
            return p;
        }
        if (step instanceof Step.Seccomp s) {
            if (s.program().length % 8 != 0 || s.program().length / 8 > MAX_COUNT) {
                throw new IllegalArgumentException("a seccomp program is 1 to 4096 instructions of 8 bytes");
            }
            return p.u32(s.flags()).bytes(s.program());
        }
        if (step instanceof Step.Exec e) {
            return p.str(e.path()).strList(e.argv(), MAX_ARGS, MAX_ARG_STRING).strList(e.env(), MAX_ARGS,
                    MAX_ARG_STRING);
        }
        if (step instanceof Step.MakePrivate || step instanceof Step.NoNewPrivs || step instanceof Step.CloseFds
                || step instanceof Step.HookPause || step instanceof Step.MiniInit || step instanceof Step.LoopbackUp
                || step instanceof Step.ControllingTerminal || step instanceof Step.AwaitGo
                || step instanceof Step.AwaitMaps) {
            return p; // no fields
        }
        if (step instanceof Step.PtyOpen t) {
            return p.u32(t.rows()).u32(t.cols());
        }
        if (step instanceof Step.LandlockScope l) {
            return p.u64(l.scoped());
        }
        if (step instanceof Step.LandlockNet n) {
            p.u64(n.handledNet()).count(n.rules().size());
            n.rules().forEach(r -> p.u64(r.access()).u64(r.port()));
            return p;
        }
        if (step instanceof Step.MountExpect m) {
            return p.str(m.path()).u64(m.flags());
        }
        if (step instanceof Step.Unshare u) {
            return p.u64(u.flags());
        }
        if (step instanceof Step.JoinCgroup j) {
            return p.str(j.tasksFile());
        }
        if (step instanceof Step.AttachRootfs a) {
            return p.str(a.target());
        }
        if (step instanceof Step.AttachLayer a) {
            return p.str(a.target());
        }
        throw new IllegalArgumentException("no encoding for step " + step.describe());
    }

    static final class Payload {
        final ByteSink out = new ByteSink();

        Payload u32(long v) {
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("u32 out of range: " + v);
            }
            out.littleEndian(v, 4);
            return this;
        }

        Payload u64(long v) {
            out.littleEndian(v, 8);
            return this;
        }

        Payload count(int n) {
            return count(n, MAX_COUNT);
        }

        private Payload count(int n, int max) {
            if (n > max) {
                throw new IllegalArgumentException("a list has at most " + max + " entries");
            }
            return u32(n);
        }

        Payload str(String s) {
            return str(s, MAX_STRING);
        }

        private Payload str(String s, int max) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > max || s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a plan string is at most " + max + " bytes, without NUL");
            }
            return u32(b.length).raw(b);
        }

        Payload strList(List<String> list) {
            return strList(list, MAX_COUNT, MAX_STRING);
        }

        Payload strList(List<String> list, int maxCount, int maxString) {
            count(list.size(), maxCount);
            for (String s : list) {
                str(s, maxString);
            }
            return this;
        }

        Payload bytes(byte[] b) {
            if (b.length > MAX_BYTES) {
                throw new IllegalArgumentException("a plan blob is at most " + MAX_BYTES + " bytes");
            }
            return u32(b.length).raw(b);
        }

        private Payload raw(byte[] b) {
            out.write(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
