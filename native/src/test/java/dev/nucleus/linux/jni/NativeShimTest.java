package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The shim for real: plans built with {@link TestPlan}, spawned through {@link NativeShim},
 * answered over the control socket. Root: namespaces, mounts, pivot_root.
 */
@Tag("root")
class NativeShimTest {
    /** Canonical: the shim resolves plan paths through no symlink (/bin is one on merged-/usr hosts). */
    static final String BUSYBOX = real("/bin/busybox");

    private static String real(String path) {
        try {
            return java.nio.file.Path.of(path).toRealPath().toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final int ENOENT = 2;
    static final int OP_MOUNT = 10, OP_EXEC = 31;

    static int exited(int code) {
        return code << 8;
    }

    static void assertGone(int pid, String what) {
        assertTrue(ProcessHandle.of(pid).isEmpty(), what + " " + pid + " is still running");
    }

    @Test
    void execsTrueAndReportsPidExecedExit() {
        ShimRun r = ShimRun.run(TestPlan.cloneFlags(0).exec("/bin/true").build());
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_EXECED, NativeShim.MSG_EXIT), r.types(), r.describe());
        assertEquals(0, r.first(NativeShim.MSG_EXIT)[1]);
        assertEquals(0, r.shimStatus);
        assertTrue(r.containerPid > 0 && r.containerPid != r.shimPid(), r.describe());
        assertGone(r.containerPid, "container process");
    }

    @Test
    void exitCodeAndDeathBySignalArePassedThrough() {
        ShimRun three = ShimRun.run(TestPlan.cloneFlags(0).exec("/bin/sh", "-c", "exit 3").build());
        assertEquals(exited(3), three.first(NativeShim.MSG_EXIT)[1], three.describe());
        assertEquals(exited(3), three.shimStatus);

        ShimRun killed = ShimRun.run(TestPlan.cloneFlags(0).exec("/bin/sh", "-c", "kill -9 $$").build());
        assertEquals(9, killed.first(NativeShim.MSG_EXIT)[1], killed.describe());
        assertEquals(exited(128 + 9), killed.shimStatus, "the shim exits 128+signal");
        assertEquals(137, NativeShim.exitCode(killed.shimStatus));
    }

    @Test
    void namespacesAndHostname(@TempDir Path tmp) throws IOException {
        long flags = TestPlan.CLONE_NEWPID | TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWUTS | TestPlan.CLONE_NEWIPC
                | TestPlan.CLONE_NEWNET;
        byte[] plan = TestPlan.cloneFlags(flags)
                .sethostname("nucleus-shim-test")
                .exec("/bin/sh", "-c", "hostname > \"$0/hostname\"; echo $$ > \"$0/pid\"; "
                        + "readlink /proc/self/ns/net > \"$0/netns\"", tmp.toString())
                .build();
        ShimRun r = ShimRun.run(plan);
        assertEquals(0, r.shimStatus, r.describe());
        assertEquals("nucleus-shim-test", read(tmp.resolve("hostname")));
        assertEquals("1", read(tmp.resolve("pid")), "the container process is PID 1 of its namespace");
        assertTrue(!read(tmp.resolve("netns")).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString()),
                "a new network namespace");
        assertTrue(!"nucleus-shim-test".equals(read(Path.of("/proc/sys/kernel/hostname"))), "host name untouched");
    }

    /**
     * A written file gets exactly its mode, and a net sysctl (which refuses any chmod) can be
     * written: through the host's /proc, it is the new network namespace's, the host's untouched.
     */
    @Test
    void aWrittenFileGetsItsModeAndASysctlOfTheNewNetworkNamespaceCanBeWritten(@TempDir Path tmp)
            throws IOException {
        String sysctl = "/proc/sys/net/ipv4/ip_unprivileged_port_start";
        String hostValue = read(Path.of(sysctl));
        Path existing = Files.writeString(tmp.resolve("existing"), "old");
        Files.setPosixFilePermissions(existing, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWPID | TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWNET)
                .writeFile(sysctl, 0644, "0".getBytes(StandardCharsets.UTF_8))
                .writeFile(existing.toString(), 0640, "new".getBytes(StandardCharsets.UTF_8))
                .writeFile(tmp.resolve("created").toString(), 0666, "made".getBytes(StandardCharsets.UTF_8))
                .exec("/bin/sh", "-c", "cat " + sysctl + " > \"$0/inside\"", tmp.toString())
                .build();
        ShimRun r = ShimRun.run(plan);
        assertEquals(0, r.shimStatus, r.describe());
        assertEquals("0", read(tmp.resolve("inside")));
        assertEquals(hostValue, read(Path.of(sysctl)), "the host's own value");
        assertEquals("new", Files.readString(existing));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(existing)), "an existing file's mode changed to the plan's");
        assertEquals("rw-rw-rw-", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(tmp.resolve("created"))), "the plan's mode, not the umask's");
    }

    /**
     * The shim ending with messages of ours unread, forced: stopped after EXECED, it gets two
     * messages while its container is killed; resumed, it reads one, reaps, sends EXIT and ends.
     * The kernel then reports ECONNRESET once on our end, ahead of EXIT, which is still queued
     * and must still be read. (The race in the test above does this by chance.)
     */
    @Test
    void messagesTheShimLeftUnreadDoNotHideItsLastOnes() {
        ShimRun r = ShimRun.spawn(TestPlan.cloneFlags(0).exec("/bin/sleep", "60").build());
        try {
            r.converse(NativeShim.MSG_GO, control -> {
                signal("STOP", r.shimPid());
                NativeShim.send(control, 99, 0); // unknown types: the shim ignores them, one a turn
                NativeShim.send(control, 99, 0);
                signal("KILL", r.containerPid);
                awaitZombie(r.containerPid);
                signal("CONT", r.shimPid());
            });
        } finally {
            r.finish();
        }
        assertEquals(null, r.eof, r.describe());
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_EXECED, NativeShim.MSG_EXIT), r.types(), r.describe());
        assertEquals(9, r.first(NativeShim.MSG_EXIT)[1], "killed by SIGKILL: " + r.describe());
    }

    private static void signal(String name, int pid) {
        try {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, Integer.toString(pid)).inheritIO().start().waitFor());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("kill -" + name + " " + pid, e);
        }
    }

    /** Waits for a child of the stopped shim to have exited unreaped. */
    private static void awaitZombie(int pid) {
        Path stat = Path.of("/proc", Integer.toString(pid), "stat");
        try {
            for (int i = 0; i < 2_000; i++) {
                String s = Files.readString(stat);
                if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                    return;
                }
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("reading " + stat, e);
        }
        throw new AssertionError("container process " + pid + " did not exit within 10 s");
    }

    @Test
    void aFailingStepIsReportedWithIndexErrnoAndOp() {
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS)
                .makePrivate()
                .mount("/tmp", "/nonexistent-nucleus-target/x", "", TestPlan.MS_BIND, "")
                .exec("/bin/true")
                .build();
        ShimRun r = ShimRun.run(plan);
        assertEquals(List.of(NativeShim.MSG_PID, NativeShim.MSG_STEP_FAILED, NativeShim.MSG_EXIT), r.types(), r.describe());
        int[] failed = r.first(NativeShim.MSG_STEP_FAILED);
        assertEquals(2, failed[1], "step index counts every record, CLONE_FLAGS included");
        assertEquals(ENOENT, failed[2]);
        assertEquals(OP_MOUNT, failed[3]);
        assertEquals(exited(125), r.first(NativeShim.MSG_EXIT)[1]);
        assertEquals(exited(125), r.shimStatus);
        assertGone(r.containerPid, "container process");
        assertGone(r.shimPid(), "shim");
    }

    /**
     * The production mount audit step against real mounts: a read-only bind passes its check, the
     * writable /tmp it was bound from fails "must be ro" with EPERM, and nothing is executed.
     */
    @Test
    void theMountAuditStopsTheLaunchOnAMountMissingAFlag(@TempDir Path tmp) throws IOException {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Path marker = tmp.resolve("ran");
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS)
                .makePrivate()
                .mount(tmp.toString(), ro.toString(), "", TestPlan.MS_BIND, "")
                .mount("", ro.toString(), "", TestPlan.MS_BIND | 32 /* MS_REMOUNT */ | TestPlan.MS_RDONLY
                        | TestPlan.MS_NOSUID | TestPlan.MS_NODEV, "")
                .record(37, new TestPlan.Payload().str(ro.toString()).u64(1 | 2 | 4)) // ro,nosuid,nodev: holds
                .record(37, new TestPlan.Payload().str(tmp.toString()).u64(1)) // ro: /tmp is writable
                .exec("/bin/sh", "-c", "touch " + marker)
                .build();
        ShimRun r = ShimRun.run(plan);
        int[] failed = r.first(NativeShim.MSG_STEP_FAILED);
        assertEquals(5, failed[1], "the second audit step fails: " + r.describe());
        assertEquals(1, failed[2], "EPERM: a flag is missing");
        assertEquals(37, failed[3]);
        assertEquals(exited(125), r.shimStatus);
        assertTrue(!Files.exists(marker), "the workload never ran");
    }

    /**
     * With a cgroup2 directory the container is cloned straight into it (CLONE_INTO_CGROUP): its
     * first instruction already runs there, though nobody wrote cgroup.procs. This host's cgroup2
     * (/sys/fs/cgroup/unified) has no controllers but takes processes.
     */
    @Test
    void theContainerIsClonedIntoItsCgroup2Directory(@TempDir Path tmp) throws IOException {
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.startsWith("0::"))
                .findFirst().orElseThrow().substring(3);
        Path unified = Path.of("/sys/fs/cgroup/unified");
        Path dir = unified.resolve((own.equals("/") ? "" : own.substring(1) + "/") + "nucleus-shimtest-"
                + ProcessHandle.current().pid());
        Files.createDirectory(dir);
        try {
            byte[] plan = TestPlan.cloneFlags(0)
                    .exec("/bin/sh", "-c", "cat /proc/self/cgroup > \"$0/cgroup\"", tmp.toString())
                    .build();
            ShimRun r = ShimRun.run(NativeShim.spawn(NativeShim.shimPath(), plan, dir.toString()));
            assertEquals(0, r.shimStatus, r.describe());
            String expected = "0::/" + unified.relativize(dir);
            assertTrue(Files.readAllLines(tmp.resolve("cgroup")).contains(expected),
                    expected + " in " + Files.readString(tmp.resolve("cgroup")));
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void aDirectoryThatIsNotCgroup2IsIgnored(@TempDir Path tmp) throws IOException {
        byte[] plan = TestPlan.cloneFlags(0).exec("/bin/true").build();
        ShimRun r = ShimRun.run(NativeShim.spawn(NativeShim.shimPath(), plan, tmp.toString()));
        assertEquals(0, r.shimStatus, "a tmpfs directory on fd 5 is closed, not used: " + r.describe());
    }

    /** CGROUP_JOIN: the container process is in the v1 cgroup before its next step, as the shim opened it. */
    @Test
    void aCgroupJoinPutsTheContainerProcessInTheV1Cgroup(@TempDir Path tmp) throws IOException {
        String own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().filter(l -> l.matches("\\d+:pids:.*"))
                .findFirst().orElseThrow().split(":", 3)[2];
        String name = "nucleus-shim-test-" + ProcessHandle.current().pid();
        Path dir = Path.of("/sys/fs/cgroup/pids" + (own.equals("/") ? "" : own), name);
        Files.createDirectory(dir);
        try {
            Path out = tmp.resolve("cgroup");
            byte[] plan = TestPlan.cloneFlags(0).record(41, new TestPlan.Payload().str(dir.resolve("tasks").toString()))
                    .exec("/bin/sh", "-c", "cat /proc/self/cgroup > \"$0\"", out.toString()).build();
            ShimRun r = ShimRun.run(plan);
            assertEquals(0, r.shimStatus, r.describe());
            String expected = (own.equals("/") ? "" : own) + "/" + name;
            assertTrue(Files.readAllLines(out).stream().anyMatch(l -> l.matches("\\d+:pids:" + java.util.regex.Pattern.quote(expected))),
                    Files.readString(out));
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void aCgroupJoinTheShimCannotOpenFailsBeforeTheClone() {
        byte[] plan = TestPlan.cloneFlags(0).record(41, new TestPlan.Payload().str("/sys/fs/cgroup/pids/no-such-cgroup/tasks"))
                .exec("/bin/true").build();
        ShimRun r = ShimRun.run(plan);
        assertEquals(List.of(NativeShim.MSG_STEP_FAILED), r.types(), r.describe());
        int[] failed = r.first(NativeShim.MSG_STEP_FAILED);
        assertEquals(1, failed[1], "the join's record");
        assertEquals(2 /* ENOENT */, failed[2]);
        assertEquals(41, failed[3]);
        assertEquals(125 << 8, r.shimStatus);
    }

    /** The container starts with no signal blocked or ignored, glibc's own two included (as under runc). */
    @Test
    void theContainerStartsWithNoSignalIgnoredOrBlocked(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("status");
        ShimRun r = ShimRun.run(TestPlan.cloneFlags(0).exec("/bin/sh", "-c",
                "grep -E '^(SigIgn|SigBlk):' /proc/self/status > \"$0\"", out.toString()).build());
        assertEquals(0, r.shimStatus, r.describe());
        assertEquals(List.of("SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"), Files.readAllLines(out));
    }

    /** A tasks file on the tmpfs that holds the v1 mount points (this hybrid host's /sys/fs/cgroup) is no cgroup's. */
    @Test
    void aCgroupJoinOfAFileOffCgroupFsIsRefused() throws IOException {
        Path dir = Path.of("/sys/fs/cgroup", "nucleus-shim-test-" + ProcessHandle.current().pid());
        Files.createDirectory(dir);
        Path tasks = Files.createFile(dir.resolve("tasks"));
        try {
            ShimRun r = ShimRun.run(TestPlan.cloneFlags(0).record(41, new TestPlan.Payload().str(tasks.toString()))
                    .exec("/bin/true").build());
            int[] failed = r.first(NativeShim.MSG_STEP_FAILED);
            assertEquals(18 /* EXDEV */, failed[2], r.describe());
            assertEquals("", Files.readString(tasks), "nothing written");
        } finally {
            Files.delete(tasks);
            Files.delete(dir);
        }
    }

    @Test
    void execOfAMissingProgramIs127() {
        ShimRun r = ShimRun.run(TestPlan.cloneFlags(0).exec("/nonexistent/program").build());
        int[] failed = r.first(NativeShim.MSG_STEP_FAILED);
        assertEquals(1, failed[1]);
        assertEquals(ENOENT, failed[2]);
        assertEquals(OP_EXEC, failed[3]);
        assertEquals(exited(127), r.first(NativeShim.MSG_EXIT)[1]);
        assertEquals(exited(127), r.shimStatus);
    }

    @Test
    void execOfANonExecutableIs126(@TempDir Path tmp) throws IOException {
        Path data = Files.writeString(tmp.resolve("data"), "not a program");
        ShimRun r = ShimRun.run(TestPlan.cloneFlags(0).exec(data.toString()).build());
        assertEquals(13, r.first(NativeShim.MSG_STEP_FAILED)[2], "EACCES " + r.describe());
        assertEquals(exited(126), r.shimStatus);
    }

    /** Output of a workload that writes to /out in its own root: a bind of a host file. */
    @Test
    void miniRootfsWithoutCapabilities(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path out = Files.createFile(tmp.resolve("out"));
        String r = root.toString();
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWPID)
                .makePrivate()
                .mount("tmpfs", r, "tmpfs", 0, "mode=0755")
                .mkdir(r + "/bin", 0755)
                .mkfile(r + "/bin/busybox", 0755)
                .mount(BUSYBOX, r + "/bin/busybox", "", TestPlan.MS_BIND, "")
                .mkdir(r + "/proc", 0555)
                .mkfile(r + "/out", 0644)
                .mount(out.toString(), r + "/out", "", TestPlan.MS_BIND, "")
                .pivotRoot(r, false)
                .mount("proc", "/proc", "proc", TestPlan.MS_NOSUID | TestPlan.MS_NODEV | TestPlan.MS_NOEXEC, "")
                .dropBounding(0)
                .capset(0, 0, 0)
                .noNewPrivs()
                .exec("/bin/busybox", List.of("busybox", "sh", "-c",
                        "/bin/busybox grep -E 'CapEff|CapBnd|NoNewPrivs' /proc/self/status > /out; /bin/busybox ls / >> /out"),
                        List.of("PATH=/bin"))
                .build();
        ShimRun run = ShimRun.run(plan);
        assertEquals(0, run.shimStatus, run.describe());
        String status = Files.readString(out);
        assertTrue(status.contains("CapEff:\t0000000000000000"), status);
        assertTrue(status.contains("CapBnd:\t0000000000000000"), status);
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
        assertEquals(List.of("bin", "out", "proc"), status.lines().filter(l -> !l.contains(":")).sorted().toList(),
                "the new root holds only what the plan put there: " + status);
    }

    /** The other filesystem and process ops, after pivot_root, with a mini-init as PID 1. */
    @Test
    void filesLinksMasksReadOnlyPathsLimitsIdentityAndMiniInit(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path out = Files.createFile(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        String r = root.toString();
        String script = String.join("; ",
                "cd /etc",
                "echo cwd=$(pwd)",
                "echo greeting=$(cat greeting)",
                "echo link=$(readlink /greeting-link)",
                "echo pid=$$ ppid=$PPID",
                "echo nofile=$(ulimit -n)",
                "echo id=$(id -u):$(id -g):$(id -G)",
                "echo masked=$(wc -c < /proc/timer_list)",
                "echo acpi=$(ls -A /proc/acpi | wc -l)",
                "echo sysro=$(grep ' /proc/sys ' /proc/self/mounts | cut -d' ' -f4 | cut -d, -f1)",
                "(echo x > /etc/writable) 2>/dev/null && echo landlock=open || echo landlock=denied",
                "echo cap=$(grep CapEff /proc/self/status)");
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWPID | TestPlan.CLONE_NEWUTS)
                .makePrivate()
                .mount("tmpfs", r, "tmpfs", 0, "mode=0755")
                .mkdir(r + "/bin", 0755)
                .mkfile(r + "/bin/busybox", 0755)
                .mount(BUSYBOX, r + "/bin/busybox", "", TestPlan.MS_BIND, "")
                .symlink("busybox", r + "/bin/sh")
                .symlink("busybox", r + "/bin/sh") // an identical existing link is fine
                .mkdir(r + "/etc", 0755)
                .mkdir(r + "/etc", 0755) // an existing directory is fine
                .writeFile(r + "/etc/greeting", 0644, "hello\n".getBytes(StandardCharsets.UTF_8))
                .writeFile(r + "/etc/writable", 0666, new byte[0]) // DAC allows uid 1000: Landlock must deny
                .symlink("/etc/greeting", r + "/greeting-link")
                .mkdir(r + "/proc", 0555)
                .mkdir(r + "/dev", 0755)
                .mkfile(r + "/dev/null", 0666)
                .mount("/dev/null", r + "/dev/null", "", TestPlan.MS_BIND, "")
                .mkfile(r + "/out", 0644)
                .mount(out.toString(), r + "/out", "", TestPlan.MS_BIND, "")
                .pivotRoot(r, false)
                .mount("proc", "/proc", "proc", TestPlan.MS_NOSUID | TestPlan.MS_NODEV | TestPlan.MS_NOEXEC, "")
                .maskPath("/proc/timer_list")
                .maskPath("/proc/acpi")
                .maskPath("/proc/no-such-entry")
                .readonlyPath("/proc/sys")
                .readonlyPath("/no-such-path")
                .sethostname("inside")
                .chdir("/etc")
                .rlimit(7 /* RLIMIT_NOFILE */, 64, 64)
                .dropBounding(0)
                .setIdentity(1000, 1000, 1000, 2000)
                .capset(0, 0, 0)
                .noNewPrivs()
                .landlock(0x1FFFL /* fs rights of ABI 1 */, new String[] {"/", "/out", "/dev/null"},
                        new long[] {1 | 4 | 8 /* execute, read file, read dir */, 2 | 4 /* write, read */, 2 | 4})
                .closeFds()
                .miniInit()
                .exec("/bin/sh", List.of("sh", "-c", "{ " + script + "; } > /out 2>&1"), List.of("PATH=/bin"))
                .build();
        ShimRun run = ShimRun.run(plan);
        String got = Files.readString(out);
        assertEquals(0, run.shimStatus, run.describe() + "\n" + got);
        assertTrue(got.contains("cwd=/etc\n"), got);
        assertTrue(got.contains("greeting=hello\n"), got);
        assertTrue(got.contains("link=/etc/greeting\n"), got);
        assertTrue(got.contains("pid=2 ppid=1\n"), "the mini-init is PID 1, the workload its child: " + got);
        assertTrue(got.contains("nofile=64\n"), got);
        assertTrue(got.contains("id=1000:1000:1000 2000\n"), got);
        assertTrue(got.contains("masked=0\n"), "a masked file reads as /dev/null: " + got);
        assertTrue(got.contains("acpi=0\n"), "a masked directory is empty: " + got);
        assertTrue(got.contains("sysro=ro\n"), got);
        assertTrue(got.contains("landlock=denied\n"), "/etc/writable is mode 0666, but Landlock allows writes to /out only: " + got);
        assertTrue(got.contains("cap=CapEff: 0000000000000000\n"), got);
    }

    /** The JVM's part of a user namespace: uid/gid maps written between PID and GO. */
    @Test
    void userNamespaceMapsAreWrittenBetweenPidAndGo(@TempDir Path tmp) throws IOException {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = Files.createFile(tmp.resolve("out"));
        Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWUSER | TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWUTS)
                .sethostname("userns") // needs CAP_SYS_ADMIN over the new UTS namespace: only after the maps
                .setIdentity(0, 0) // no groups: setgroups is denied in this namespace, so it is skipped
                .exec("/bin/sh", "-c", "{ id -u; id -g; hostname; cat /proc/self/uid_map; } > \"$0\"", out.toString())
                .build();
        ShimRun r = ShimRun.spawn(plan);
        try {
            int[] pid = NativeShim.receive(r.control(), ShimRun.TIMEOUT_MS);
            assertEquals(NativeShim.MSG_PID, pid[0]);
            Path proc = Path.of("/proc", Integer.toString(pid[1]));
            Files.writeString(proc.resolve("uid_map"), "0 100000 65536\n");
            Files.writeString(proc.resolve("setgroups"), "deny\n");
            Files.writeString(proc.resolve("gid_map"), "0 100000 65536\n");
            r.messages.add(pid);
            r.containerPid = pid[1];
            NativeShim.send(r.control(), NativeShim.MSG_GO, 0);
            r.converse(NativeShim.MSG_GO, null);
        } finally {
            r.finish();
        }
        assertEquals(0, r.shimStatus, r.describe());
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("0", "0", "userns"), lines.subList(0, 3), lines.toString());
        assertEquals(List.of("0", "100000", "65536"), List.of(lines.get(3).trim().split("\\s+")), lines.toString());
    }

    /** A tiny BPF filter shipped as bytes: mkdir/mkdirat fail with EPERM, everything else runs. */
    @Test
    void seccompFilterFromThePlanIsEnforced(@TempDir Path tmp) throws IOException {
        TestPlan.Payload bpf = new TestPlan.Payload();
        insn(bpf, 0x20, 0, 0, 0); // ld [0] (syscall nr)
        insn(bpf, 0x15, 2, 0, 83); // jeq mkdir -> errno
        insn(bpf, 0x15, 1, 0, 258); // jeq mkdirat -> errno
        insn(bpf, 0x06, 0, 0, 0x7fff0000); // ret ALLOW
        insn(bpf, 0x06, 0, 0, 0x00050000 | 1); // ret ERRNO(EPERM)
        byte[] plan = TestPlan.cloneFlags(0)
                .noNewPrivs()
                .seccomp(0, bpf.toBytes())
                .exec("/bin/sh", "-c", "mkdir \"$0/d\" 2>/dev/null && echo made > \"$0/r\" || echo denied > \"$0/r\"",
                        tmp.toString())
                .build();
        ShimRun r = ShimRun.run(plan);
        assertEquals(0, r.shimStatus, r.describe());
        assertEquals("denied", read(tmp.resolve("r")));
        assertTrue(!Files.exists(tmp.resolve("d")));
    }

    /**
     * Trace mode: a filter answering USER_NOTIF for everything. The shim takes the listener, lets
     * each call run and reports one count per syscall before EXIT, including the workload's
     * children (mkdir runs in a child of sh, behind a mini-init).
     */
    @Test
    void traceFilterCountsEverySyscallOfTheWorkloadAndItsChildren(@TempDir Path tmp) {
        TestPlan.Payload bpf = new TestPlan.Payload();
        insn(bpf, 0x06, 0, 0, 0x7fc00000); // ret USER_NOTIF
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWPID)
                .noNewPrivs()
                .seccompTrace(0, bpf.toBytes())
                .miniInit()
                .exec("/bin/sh", "-c", "/bin/mkdir \"$0/d\"; /bin/mkdir \"$0/e\"", tmp.toString())
                .build();
        ShimRun r = ShimRun.run(plan);
        assertEquals(0, r.shimStatus, r.describe());
        assertTrue(Files.isDirectory(tmp.resolve("d")) && Files.isDirectory(tmp.resolve("e")),
                "traced calls really ran");
        java.util.Map<Integer, Long> counts = new java.util.HashMap<>();
        r.messages.stream().filter(m -> m[0] == NativeShim.MSG_TRACE_COUNT)
                .forEach(m -> counts.put(m[1], Integer.toUnsignedLong(m[2]) | (long) m[3] << 32));
        assertEquals(3L, counts.get(59), "execve: sh and two mkdir children; " + counts);
        assertEquals(2L, counts.getOrDefault(83, 0L) + counts.getOrDefault(258, 0L), "mkdir(at): " + counts);
        assertTrue(counts.getOrDefault(61, 0L) >= 2, "sh and the mini-init wait4 for their children: " + counts);
        int[] exit = r.first(NativeShim.MSG_EXIT);
        assertEquals(r.messages.size() - 1, r.messages.indexOf(exit), "counts come before EXIT");
    }

    private static void insn(TestPlan.Payload p, int code, int jt, int jf, long k) {
        p.u16(code).raw(new byte[] {(byte) jt, (byte) jf}).u32(k);
    }

    @Test
    void signalMessagesAreForwarded() {
        ShimRun r = ShimRun.run(TestPlan.cloneFlags(0).exec("/bin/sleep", "30").build(),
                ctl -> NativeShim.send(ctl, NativeShim.MSG_SIGNAL, 15));
        assertEquals(15, r.first(NativeShim.MSG_EXIT)[1], r.describe());
        assertEquals(exited(128 + 15), r.shimStatus);
    }

    @Test
    void theShimsOwnTermIsForwarded() {
        ShimRun r = ShimRun.spawn(TestPlan.cloneFlags(0).exec("/bin/sleep", "30").build());
        try {
            r.converse(NativeShim.MSG_GO, ctl -> ProcessHandle.of(r.shimPid()).orElseThrow().destroy());
        } finally {
            r.finish();
        }
        assertEquals(15, r.first(NativeShim.MSG_EXIT)[1], r.describe());
        assertEquals(exited(128 + 15), r.shimStatus);
    }

    @Test
    void closingTheControlSocketKillsTheWorkload() {
        ShimRun r = ShimRun.spawn(TestPlan.cloneFlags(TestPlan.CLONE_NEWPID).exec("/bin/sleep", "30").build());
        long start = System.nanoTime();
        r.converse(NativeShim.MSG_GO, ctl -> NativeShim.close(ctl));
        // converse stopped at end of file: our own fd is closed, so receive failed
        r.shimStatus = NativeShim.waitPid(r.pidfd());
        NativeShim.close(r.pidfd());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "killed, not waited for: " + r.describe());
        assertEquals(exited(128 + 9), r.shimStatus, r.describe());
        assertGone(r.containerPid, "container process");
    }

    @Test
    void shimIsExtractedReadOnlyNextToTheLibrary(@TempDir Path tmp) throws IOException {
        Path shim = NativeShim.locate(null, tmp);
        Path lib = NativeLibrary.extract(tmp);
        assertEquals(lib.getParent(), shim.getParent());
        assertEquals("r-xr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shim)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shim.getParent())));
        assertEquals(shim, NativeShim.locate(tmp.resolve("no-dist").toString(), tmp));
    }

    static String read(Path p) throws IOException {
        return Files.readString(p).strip();
    }
}
