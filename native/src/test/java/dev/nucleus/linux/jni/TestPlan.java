package dev.nucleus.linux.jni;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal, test-only encoder of plan buffer format v1 (native/PLAN_FORMAT.md). Deliberately
 * independent of the production encoder in the domain module: these tests pin the shim to the
 * written contract, not to another implementation of it. Also builds malformed buffers.
 */
final class TestPlan {
    static final int MAGIC = 0x5043554E;

    static final long CLONE_NEWNS = 0x00020000L;
    static final long CLONE_NEWUTS = 0x04000000L;
    static final long CLONE_NEWIPC = 0x08000000L;
    static final long CLONE_NEWUSER = 0x10000000L;
    static final long CLONE_NEWPID = 0x20000000L;
    static final long CLONE_NEWNET = 0x40000000L;

    static final long MS_RDONLY = 1, MS_NOSUID = 2, MS_NODEV = 4, MS_NOEXEC = 8, MS_BIND = 4096, MS_REC = 16384;

    /** Payload writer: little-endian primitives of the format. */
    static final class Payload {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Payload u16(int v) {
            out.write(v);
            out.write(v >>> 8);
            return this;
        }

        Payload u32(long v) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Payload u64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Payload raw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        Payload str(String s) {
            byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
            return u32(b.length).raw(b);
        }

        Payload strlist(List<String> l) {
            u32(l.size());
            l.forEach(this::str);
            return this;
        }

        Payload bytes(byte[] b) {
            return u32(b.length).raw(b);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    private final Payload records = new Payload();
    private int count;

    static TestPlan cloneFlags(long flags) {
        return new TestPlan().record(1, new Payload().u64(flags));
    }

    TestPlan record(int op, Payload p) {
        byte[] b = p.toBytes();
        records.u16(op).u16(0).u32(b.length).raw(b);
        count++;
        return this;
    }

    /** Offset the next record will have in the buffer. */
    int nextOffset() {
        return 16 + records.out.size();
    }

    TestPlan mount(String source, String target, String fstype, long flags, String data) {
        return record(10, new Payload().str(source).str(target).str(fstype).u64(flags).str(data));
    }

    TestPlan mkdir(String path, int mode) {
        return record(11, new Payload().str(path).u32(mode));
    }

    TestPlan mkfile(String path, int mode) {
        return record(12, new Payload().str(path).u32(mode));
    }

    TestPlan writeFile(String path, int mode, byte[] content) {
        return record(13, new Payload().str(path).u32(mode).bytes(content));
    }

    TestPlan symlink(String target, String linkpath) {
        return record(14, new Payload().str(target).str(linkpath));
    }

    TestPlan pivotRoot(String newRoot, boolean allowChroot) {
        return record(15, new Payload().str(newRoot).u32(allowChroot ? 1 : 0));
    }

    TestPlan sethostname(String name) {
        return record(16, new Payload().str(name));
    }

    TestPlan chdir(String path) {
        return record(17, new Payload().str(path));
    }

    TestPlan makePrivate() {
        return record(18, new Payload());
    }

    TestPlan maskPath(String path) {
        return record(19, new Payload().str(path));
    }

    TestPlan readonlyPath(String path) {
        return record(20, new Payload().str(path));
    }

    TestPlan dropBounding(long keep) {
        return record(21, new Payload().u64(keep));
    }

    TestPlan setIdentity(int uid, int gid, int... groups) {
        Payload p = new Payload().u32(uid).u32(gid).u32(groups.length);
        for (int g : groups) {
            p.u32(g);
        }
        return record(22, p);
    }

    TestPlan capset(long effective, long permitted, long inheritable) {
        return record(23, new Payload().u64(effective).u64(permitted).u64(inheritable));
    }

    TestPlan rlimit(int resource, long soft, long hard) {
        return record(25, new Payload().u32(resource).u64(soft).u64(hard));
    }

    TestPlan noNewPrivs() {
        return record(26, new Payload());
    }

    /** One Landlock rule per path with the access at the same index, none optional. */
    TestPlan landlock(long handled, String[] paths, long[] access) {
        Payload p = new Payload().u32(1).u64(handled).u32(paths.length);
        for (int i = 0; i < paths.length; i++) {
            p.str(paths[i]).u64(access[i]).u32(0);
        }
        return record(27, p);
    }

    TestPlan closeFds() {
        return record(28, new Payload());
    }

    /** AWAIT_GO: the steps before it run before GO. */
    TestPlan awaitGo() {
        return record(42, new Payload());
    }

    /** AWAIT_MAPS: the steps after it wait for MAPS (the id maps written), those after AWAIT_GO for GO. */
    TestPlan awaitMaps() {
        return record(45, new Payload());
    }

    TestPlan seccomp(int flags, byte[] program) {
        return record(29, new Payload().u32(flags).bytes(program));
    }

    TestPlan seccompTrace(int flags, byte[] program) {
        return record(38, new Payload().u32(flags).bytes(program));
    }

    TestPlan miniInit() {
        return record(30, new Payload());
    }

    TestPlan exec(String path, List<String> argv, List<String> env) {
        return record(31, new Payload().str(path).strlist(argv).strlist(env));
    }

    TestPlan exec(String... argv) {
        return exec(argv[0], List.of(argv), List.of("PATH=/usr/bin:/bin"));
    }

    byte[] build() {
        return build(MAGIC, 1, count);
    }

    byte[] build(int magic, int version, int recordCount) {
        byte[] body = records.toBytes();
        return new Payload().u32(magic).u16(version).u16(0).u32(16 + body.length).u32(recordCount).raw(body).toBytes();
    }
}
