package dev.nucleus.domain.plan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    static final int MAX_BYTES = 1 << 20;
    static final int CLONE_FLAGS_OP = 1;

    private PlanEncoder() {
    }

    public static byte[] encode(IsolationPlan plan) {
        Records records = new Records();
        records.add(CLONE_FLAGS_OP, new Payload().u64(plan.cloneFlags()));
        for (Step step : plan.steps()) {
            records.add(step.op(), payload(step));
        }
        byte[] body = records.bytes();
        ByteBuffer out = ByteBuffer.allocate(16 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(16 + body.length)
                .putInt(plan.steps().size() + 1).put(body);
        return out.array();
    }

    private static Payload payload(Step step) {
        Payload p = new Payload();
        return switch (step) {
            case Step.Mount m -> p.str(m.source()).str(m.target()).str(m.fstype()).u64(m.flags()).str(m.data());
            case Step.Mkdir m -> p.str(m.path()).u32(m.mode());
            case Step.MkFile m -> p.str(m.path()).u32(m.mode());
            case Step.WriteFile w -> p.str(w.path()).u32(w.mode()).bytes(w.content());
            case Step.Symlink s -> p.str(s.target()).str(s.linkPath());
            case Step.PivotRoot r -> p.str(r.newRoot()).u32(r.allowChrootFallback() ? 1 : 0);
            case Step.SetHostname h -> p.str(h.name());
            case Step.Chdir c -> p.str(c.path());
            case Step.MaskPath m -> p.str(m.path());
            case Step.ReadonlyPath r -> p.str(r.path());
            case Step.DropBounding d -> p.u64(d.keep());
            case Step.SetIdentity i -> {
                p.u32(i.uid()).u32(i.gid()).count(i.groups().size());
                i.groups().forEach(p::u32);
                yield p;
            }
            case Step.Capset c -> p.u64(c.effective()).u64(c.permitted()).u64(c.inheritable());
            case Step.Ambient a -> p.u64(a.raise());
            case Step.Rlimit r -> p.u32(r.resource()).u64(r.soft()).u64(r.hard());
            case Step.Landlock l -> {
                p.u32(l.abi()).u64(l.handledFs()).count(l.rules().size());
                l.rules().forEach(rule -> p.str(rule.path()).u64(rule.access()).u32(rule.optional() ? 1 : 0));
                yield p;
            }
            case Step.Seccomp s -> {
                if (s.program().length % 8 != 0 || s.program().length / 8 > MAX_COUNT) {
                    throw new IllegalArgumentException("a seccomp program is 1 to 4096 instructions of 8 bytes");
                }
                yield p.u32(s.flags()).bytes(s.program());
            }
            case Step.Exec e -> p.str(e.path()).strList(e.argv()).strList(e.env());
            case Step.MakePrivate m -> p;
            case Step.NoNewPrivs n -> p;
            case Step.CloseFds c -> p;
            case Step.HookPause h -> p;
            case Step.MiniInit m -> p;
            case Step.LoopbackUp l -> p;
            case Step.ControllingTerminal t -> p;
            case Step.PtyOpen t -> p.u32(t.rows()).u32(t.cols());
            case Step.LandlockScope l -> p.u64(l.scoped());
            case Step.LandlockNet n -> {
                p.u64(n.handledNet()).count(n.rules().size());
                n.rules().forEach(r -> p.u64(r.access()).u64(r.port()));
                yield p;
            }
            case Step.MountExpect m -> p.str(m.path()).u64(m.flags());
            case Step.Unshare u -> p.u64(u.flags());
        };
    }

    /** The record section: op, reserved, payload length, payload. */
    private static final class Records {
        private final ByteSink out = new ByteSink();
        private int count;

        void add(int op, Payload payload) {
            if (++count > MAX_COUNT) {
                throw new IllegalArgumentException("a plan has at most " + MAX_COUNT + " records");
            }
            byte[] body = payload.bytes();
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            head.putShort((short) op).putShort((short) 0).putInt(body.length);
            out.write(head.array());
            out.write(body);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Little-endian payload fields. */
    private static final class Payload {
        private final ByteSink out = new ByteSink();

        Payload u32(long v) {
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("u32 out of range: " + v);
            }
            return raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
        }

        Payload u64(long v) {
            return raw(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        Payload count(int n) {
            if (n > MAX_COUNT) {
                throw new IllegalArgumentException("a list has at most " + MAX_COUNT + " entries");
            }
            return u32(n);
        }

        Payload str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STRING || s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a plan string is at most " + MAX_STRING + " bytes, without NUL");
            }
            return u32(b.length).raw(b);
        }

        Payload strList(List<String> list) {
            count(list.size());
            list.forEach(this::str);
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
