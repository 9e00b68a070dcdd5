package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Real containers through bin/nucleus, as root (CI runs as root; these never skip). */
@Tag("root")
class NativeSandboxIT {
    private static Nucleus.Result sh(String script, String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(List.of(flags));
        args.addAll(List.of("--", "/bin/sh", "-c", script));
        return Nucleus.run(args.toArray(String[]::new));
    }

    @Test
    void theDefaultAgentContainerIsConfined() {
        Nucleus.Result r = sh("grep -E '^(CapEff|CapBnd|CapPrm|NoNewPrivs|Seccomp):' /proc/self/status", "--name", "box-1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("CapEff:\t0000000000000000"), r.out());
        assertTrue(r.out().contains("CapBnd:\t0000000000000000"), r.out());
        assertTrue(r.out().contains("NoNewPrivs:\t1"), r.out());
        assertTrue(r.out().contains("Seccomp:\t2"), r.out());
    }

    @Test
    void itSeesItsOwnHostnameAndProcessesOnly() {
        Nucleus.Result r = sh("hostname; echo pid=$$; ls /proc | grep -c '^[0-9]'", "--name", "box-2");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("box-2", lines.get(0));
        assertEquals("pid=1", lines.get(1));
        assertTrue(Integer.parseInt(lines.get(2)) <= 3, "only the container's processes: " + r.out());
    }

    /**
     * A name that is no host name (--hostname my_box is refused) gives one made of it: my_box is
     * my-box, inside the container and in its /etc/hosts; a name longer than the kernel takes is cut.
     */
    @Test
    void aNameThatIsNoHostNameGivesAValidOne() {
        Nucleus.Result r = sh("hostname; grep -c my-box /etc/hosts", "--name", "My_Box");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("my-box", "1"), r.out().lines().toList());
        Nucleus.Result refused = sh("hostname", "--hostname", "my_box");
        assertEquals(2, refused.exit(), refused.toString());
        Nucleus.Result longName = sh("hostname", "--name", "n".repeat(100));
        assertEquals(0, longName.exit(), longName.toString());
        assertEquals("n".repeat(63) + "\n", longName.out());
    }

    @Test
    void rootIsReadOnlyTmpIsWritableAndDevicesWork() {
        Nucleus.Result r = sh("touch /x 2>/dev/null && echo root-writable; touch /tmp/ok && echo tmp-writable; "
                + "head -c 16 /dev/urandom | wc -c; echo discard > /dev/null && echo null-ok; "
                + "wc -c < /proc/kallsyms");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().contains("root-writable"), r.out());
        assertTrue(r.out().contains("tmp-writable"), r.out());
        assertTrue(r.out().contains("16\n"), r.out());
        assertTrue(r.out().contains("null-ok"), r.out());
        assertTrue(r.out().trim().endsWith("\n0"), "/proc/kallsyms is masked: " + r.out());
        assertTrue(hostKallsymsBytes() > 0, "on the host it is not empty");
    }

    @Test
    void namespaceAndMountEscapesAreRefused() {
        Nucleus.Result mount = sh("mount -t tmpfs none /tmp 2>/dev/null; echo rc=$?");
        assertEquals(0, mount.exit(), mount.toString());
        assertFalse(mount.out().contains("rc=0"), "mount is refused: " + mount);
        Nucleus.Result unshare = sh("unshare -U true; echo rc=$?");
        assertEquals(0, unshare.exit(), unshare.toString());
        assertFalse(unshare.out().contains("rc=0"), "seccomp refuses unshare: " + unshare);
    }

    @Test
    void networkNoneIsAFreshNamespaceWithLoopbackUp() {
        Nucleus.Result r = sh("ls /sys/class/net; cat /sys/class/net/lo/flags");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("lo\n0x9\n", r.out(), "only lo, and it is UP|LOOPBACK");
    }

    @Test
    void landlockScopesKeepTheHostsAbstractSocketsOutOfReach() throws Exception {
        // Host network shares the host's abstract socket namespace; the Landlock scope (ABI 6) still refuses.
        Process listener = new ProcessBuilder("python3", "-c", "import socket,sys; s=socket.socket(socket.AF_UNIX); "
                + "s.bind('\\0nucleus-scope-it'); s.listen(1); print('up', flush=True); s.settimeout(10); "
                + "\ntry:\n c,_=s.accept(); print('accepted')\nexcept Exception: print('none')").start();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(listener.getInputStream()));
        assertEquals("up", lines.readLine());
        Nucleus.Result r = sh("python3 -c \"import socket; s=socket.socket(socket.AF_UNIX)\n"
                + "try:\n s.connect('\\0nucleus-scope-it'); print('connected')\nexcept OSError as e: print('refused', e.errno)\"",
                "--network", "host", "--allow-host-network");
        assertEquals("refused 1\n", r.out(), r.toString());
        listener.destroy();
    }

    @Test
    void seccompAllowAddsAnOptInSyscall() {
        String sysinfo = "python3 -c 'import ctypes; b = ctypes.create_string_buffer(256); "
                + "print(ctypes.CDLL(None).syscall(99, b))'";
        assertEquals("-1\n", sh(sysinfo).out(), "answered ENOSYS by default");
        assertEquals("0\n", sh(sysinfo, "--seccomp-allow", "sysinfo").out());
    }

    @Test
    void theTimeNamespaceIsOwnOnlyWhenAsked() throws IOException {
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/time")).toString();
        assertEquals(host + "\n", sh("readlink /proc/self/ns/time").out());
        Nucleus.Result own = sh("readlink /proc/self/ns/time", "--time-namespace");
        assertEquals(0, own.exit(), own.toString());
        assertFalse(own.out().contains(host), own.toString());
    }

    @Test
    void theCgroupNamespaceIsOwnUnlessDisabled() throws IOException {
        String host = Files.readSymbolicLink(Path.of("/proc/self/ns/cgroup")).toString();
        Nucleus.Result own = sh("readlink /proc/self/ns/cgroup");
        assertFalse(own.out().contains(host), own.toString());
        Nucleus.Result shared = sh("readlink /proc/self/ns/cgroup", "--disable-cgroup-namespace");
        assertEquals(host + "\n", shared.out(), shared.toString());
    }

    @Test
    void rootlessRunsInAUserNamespaceMappingOnlyTheCaller() {
        Nucleus.Result r = sh("cat /proc/self/uid_map; id -u; grep CapEff /proc/self/status", "--rootless");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("\\s*0\\s+0\\s+1\n0\nCapEff:\t0000000000000000\n"), r.out());
    }

    /**
     * An unprivileged caller's --rootless: its own uid is the container's root. The runtime writes
     * the maps through /proc/<pid>, which the caller may only while the container process is
     * dumpable. (The distribution is copied where user nobody can reach it: a checkout may sit
     * beneath a directory only root may enter.)
     */
    @Test
    void rootlessByAnUnprivilegedCallerMapsItsOwnUidToRoot() throws IOException {
        Path copy = Nucleus.tempDir("nucleus-dist-copy");
        Path home = Nucleus.tempDir("nucleus-nobody");
        Nucleus.Result prepared = Nucleus.exec(List.of("/bin/sh", "-c", "cp -a '" + Nucleus.REPO
                + "/distribution/target/nucleus/.' '" + copy + "' && chmod 755 '" + copy + "' && chown 65534:65534 '"
                + home + "'"));
        assertEquals(0, prepared.exit(), prepared.toString());
        Nucleus.Result r = Nucleus.exec(List.of("env", "HOME=" + home, "XDG_RUNTIME_DIR=" + home, "setpriv",
                "--reuid=65534", "--regid=65534", "--clear-groups", copy + "/bin/nucleus", "run", "--rootless", "--",
                "/bin/sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u"));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("\\s*0\\s+65534\\s+1\n\\s*0\\s+65534\\s+1\n0\n"), r.out());
        try (Stream<Path> left = Files.list(home.resolve("nucleus"))) {
            assertEquals(List.of(), left.filter(d -> d.getFileName().toString().matches("[0-9a-f]{32}")).toList(),
                    "no container directory is left");
        }
    }

    /** GNU cp (coreutils 9) tries ioctl(FICLONE) first on every copy: the default filter killed it there. */
    @Test
    void gnuCpCopiesUnderTheDefaultFilter() {
        Nucleus.Result r = sh("cd /tmp && echo data > a && /bin/cp a b && /bin/cp -p --reflink=auto a c && cat b c");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("data\ndata\n", r.out(), r.toString());
    }

    /**
     * coreutils' timeout (timer_create, then alarm), Python's signal.alarm and procps' ps
     * (get_mempolicy) were killed by the default filter: denied calls they cope with answer ENOSYS,
     * and alarm, setitimer by another name, is allowed. The timeout still fires.
     */
    @Test
    void timeoutAlarmAndPsWorkUnderTheDefaultFilter() {
        Nucleus.Result r = sh("timeout 0.3 sleep 5; echo timeout=$?; python3 -c 'import signal; signal.alarm(5);"
                + " print(\"alarm\")'; ps -e >/dev/null && echo ps");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("timeout=124\nalarm\nps\n", r.out(), r.toString());
    }

    @Test
    void procRwWritesTheProcessesOwnFilesButNotTheReadOnlyPaths() {
        // --proc-rw: /proc writable for mount and Landlock alike; /proc/sys and the other read-only
        // and masked paths keep their own read-only binds.
        String probe = "echo renamed > /proc/self/comm 2>/dev/null && echo wrote || echo refused;"
                + " echo 1 > /proc/sys/kernel/ns_last_pid 2>/dev/null && echo sys-wrote || echo sys-refused";
        Nucleus.Result rw = sh(probe, "--proc-rw");
        assertEquals("wrote\nsys-refused\n", rw.out(), rw.toString());
        Nucleus.Result ro = sh(probe);
        assertEquals("refused\nsys-refused\n", ro.out(), ro.toString());
    }

    @Test
    void aFailureAtAnyStepExits125NamingTheStepAndLeavesNothing() throws IOException {
        long mountsBefore = Files.readAllLines(Path.of("/proc/self/mountinfo")).size();
        long dirsBefore = entries(Path.of("/run/nucleus"));
        // A source that is not there is an invalid request, refused before anything is made (exit 2).
        Nucleus.Result volume = Nucleus.run("run", "-v", "/no/such/source:/data", "--", "/bin/true");
        assertEquals(2, volume.exit(), volume.toString());
        assertTrue(volume.err().contains("--volume /no/such/source:/data: its source does not exist"), volume.err());
        // A file volume onto a directory of an overlay root fails at that step, named (a file onto
        // /tmp, or into a bind-mode rootfs's read-only directory, is refused with exit 2 before).
        Path rootfs = Nucleus.tempDir("nucleus-rootfs");
        Files.createDirectory(rootfs.resolve("data"));
        Path file = Files.writeString(Nucleus.tempFile("nucleus-vol", ""), "x");
        Nucleus.Result step = Nucleus.run("run", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay", "-v",
                file + ":/data", "--", "/bin/true");
        Files.delete(file);
        Files.delete(rootfs.resolve("data"));
        Files.delete(rootfs);
        assertEquals(125, step.exit(), step.toString());
        assertTrue(step.err().matches("(?s)nucleus run: step \\d+ create \\S+/\\.root/data: File exists \\(EEXIST\\)\n"),
                step.err());
        // A --workdir the root lacks is refused before anything is made; beneath a mount the launch
        // makes (an empty /tmp) it is not judged, and fails at chdir, named.
        Nucleus.Result refused = Nucleus.run("run", "--workdir", "/missing", "--", "/bin/true");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("--workdir /missing: no such directory in the container"), refused.toString());
        Nucleus.Result workdir = Nucleus.run("run", "--workdir", "/tmp/missing", "--", "/bin/true");
        assertEquals(125, workdir.exit(), workdir.toString());
        assertTrue(workdir.err().contains("chdir /tmp/missing (--workdir)"), workdir.toString());
        Nucleus.Result user = Nucleus.run("run", "--user", "nosuchuser", "--", "/bin/true");
        assertEquals(2, user.exit(), "an unknown user is an invalid request: " + user);
        assertTrue(user.err().contains("no such user"), user.toString());
        assertEquals(mountsBefore, Files.readAllLines(Path.of("/proc/self/mountinfo")).size());
        assertEquals(dirsBefore, entries(Path.of("/run/nucleus")));
    }

    @Test
    void aNameIsUniqueWhileItsContainerRuns() throws Exception {
        Process first = new ProcessBuilder(Nucleus.BIN.toString(), "run", "--name", "only-one", "--", "/bin/sh", "-c",
                "echo up; sleep 3").start();
        assertEquals("up", new java.io.BufferedReader(new java.io.InputStreamReader(first.getInputStream())).readLine());
        Nucleus.Result second = Nucleus.run("run", "--name", "only-one", "--", "/bin/true");
        assertEquals(2, second.exit(), "a name clash is an invalid request: " + second);
        assertTrue(second.err().contains("already running"), second.toString());
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, Nucleus.run("run", "--name", "only-one", "--", "/bin/true").exit(), "released at exit");
    }

    @Test
    void anFdTheParentLeftOpenIsNotVisible() {
        Nucleus.Result r = Nucleus.shell("exec 7</etc/hostname; \"$NUCLEUS\" run -- /bin/sh -c 'ls /proc/self/fd'");
        assertEquals(0, r.exit(), r.toString());
        assertFalse(r.out().lines().anyMatch("7"::equals), r.out());
    }

    @Test
    void theShimHoldsNoneOfTheJvmsOwnFiles() {
        // The JVM keeps its modules image and the boot class path's jars open without close-on-exec.
        Nucleus.Result r = Nucleus.shell("\"$NUCLEUS\" run -- /bin/sleep 3 & jvm=$!;"
                + " for i in $(seq 100); do shim=$(pgrep -P $jvm -x nucleus-shim) && break; sleep 0.05; done;"
                + " echo shim=$shim; ls -l /proc/$shim/fd/; wait $jvm");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("socket:["), "the shim's fds were listed: " + r.out());
        assertFalse(r.out().contains(".jar") || r.out().contains("/lib/modules"), r.out());
    }

    @Test
    void exitStatusesComeBackAsSuch() {
        assertEquals(0, sh("exit 0").exit());
        assertEquals(3, sh("exit 3").exit());
        // The shell is PID 1 of its namespace, which ignores SIGKILL from inside; a child is not.
        assertEquals(137, sh("sh -c 'kill -9 $$'").exit());
        Nucleus.Result missing = Nucleus.run("run", "--", "/no/such/program");
        assertEquals(127, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("No such file or directory"), missing.toString());
    }

    @Test
    void sigtermToNucleusReachesTheWorkload() throws Exception {
        assertSignalReachesTheWorkload("TERM", 42);
    }

    /** The JVM keeps SIGQUIT for thread dumps; a foreground run hands it to the workload instead. */
    @Test
    void sigquitToNucleusReachesTheWorkloadNotAThreadDump() throws Exception {
        assertSignalReachesTheWorkload("QUIT", 43);
    }

    /**
     * A workload that is its pid namespace's first process without an INT handler never sees ^C
     * (the kernel drops it): the first is passed on and changes nothing, the second kills it.
     */
    @Test
    void aSecondSigintKillsAWorkloadThatIgnoredTheFirst() throws Exception {
        Process p = new ProcessBuilder(Nucleus.BIN.toString(), "run", "--", "/bin/sh", "-c", "echo ready; exec sleep 1000")
                .redirectErrorStream(true).start();
        var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
        assertEquals("ready", out.readLine());
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertFalse(p.waitFor(1, TimeUnit.SECONDS), "the first ^C reaches PID 1, which has no handler for it");
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the second kills it");
        assertEquals("nucleus: a second SIGINT: the workload is killed (SIGKILL)",
                out.lines().collect(java.util.stream.Collectors.joining("\n")));
        assertEquals(137, p.exitValue());
    }

    private static void assertSignalReachesTheWorkload(String signal, int status) throws Exception {
        WorkloadSignals.assertReachesTheWorkload(List.of("run"), signal, status);
    }

    /**
     * GPU passthrough, as far as a machine without a GPU can show it: a character device the test
     * makes under /dev (the null device's numbers) is bound at its path and usable, with NVIDIA's
     * variables set; asking for a GPU the host does not have is refused; what is not built yet says so.
     */
    @Test
    void gpuNodesArePassedThroughAndAMissingGpuIsRefused() throws Exception {
        Path node = Path.of("/dev/nvidia-nucleus-it");
        Files.deleteIfExists(node);
        assertEquals(0, Nucleus.exec(List.of("mknod", "-m", "666", node.toString(), "c", "1", "3")).exit());
        try {
            Nucleus.Result r = Nucleus.run("run", "--gpu-device", node.toString(), "--gpu-visible-devices", "0", "--",
                    "/bin/sh", "-c", "test -c " + node + " && echo data > " + node + " && echo $NVIDIA_VISIBLE_DEVICES"
                            + " $NVIDIA_DRIVER_CAPABILITIES");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("0 compute,utility\n", r.out(), r.toString());

            Nucleus.Result none = Nucleus.run("run", "--", "/bin/sh", "-c", "test -e " + node);
            assertEquals(1, none.exit(), "without --gpu-device the node is not there: " + none);

            Path rootfs = Nucleus.tempDir("nucleus-gpu-rootfs");
            Files.createDirectories(rootfs.resolve("bin"));
            Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
            Nucleus.Result libs = Nucleus.run("run", "--rootfs", rootfs.toString(), "--gpu-device", node.toString(),
                    "--", "/bin/busybox", "true");
            assertEquals(125, libs.exit(), libs.toString());
            assertTrue(libs.err().contains("not implemented yet: binding the host's NVIDIA driver libraries"), libs.err());
            Nucleus.Result own = Nucleus.run("run", "--rootfs", rootfs.toString(), "--gpu-device", node.toString(),
                    "--no-gpu-driver-libs", "--", "/bin/busybox", "test", "-c", node.toString());
            assertEquals(0, own.exit(), own.toString());
        } finally {
            Files.deleteIfExists(node);
        }
        Nucleus.Result auto = Nucleus.run("run", "--gpu", "auto", "--", "/bin/true");
        assertEquals(2, auto.exit(), "this machine has no GPU: " + auto);
        assertTrue(auto.err().contains("--gpu auto: no GPU device node on this host"), auto.toString());
        Nucleus.Result notANode = Nucleus.run("run", "--gpu-device", "/dev/shm", "--", "/bin/true");
        assertEquals(2, notANode.exit(), notANode.toString());
        assertTrue(notANode.err().contains("--gpu-device /dev/shm: not a character device"), notANode.toString());
        Nucleus.Result production = Nucleus.run("run", "--service-mode", "production", "--gpu", "auto", "--",
                "/bin/true");
        assertEquals(2, production.exit(), production.toString());
        Nucleus.Result gvisor = Nucleus.run("run", "--runtime", "gvisor", "--gpu", "nvidia", "--", "/bin/true");
        assertEquals(125, gvisor.exit(), gvisor.toString());
        assertTrue(gvisor.err().contains("not implemented yet: --gpu"), gvisor.toString());
    }

    @Test
    void nothingIsLeftBehindAfterManyRuns() throws IOException {
        long mountsBefore = Files.readAllLines(Path.of("/proc/self/mountinfo")).size();
        long dirsBefore = entries(Path.of("/run/nucleus"));
        List<Path> cgroupsBefore = containerCgroups();
        for (int i = 0; i < 200; i++) {
            assertEquals(0, Nucleus.run("run", "--memory", "64M", "--cpus", "1", "--pids", "64", "--",
                    "/bin/true").exit());
        }
        assertEquals(1, sh("exit 1").exit());
        assertEquals(127, Nucleus.run("run", "--", "/missing").exit());
        assertEquals(mountsBefore, Files.readAllLines(Path.of("/proc/self/mountinfo")).size());
        assertEquals(dirsBefore, entries(Path.of("/run/nucleus")));
        assertEquals(cgroupsBefore, containerCgroups(), "no container cgroup is left in any hierarchy");
    }

    /** Every container cgroup (a 32-hex-digit directory under some nucleus/) in every hierarchy. */
    private static List<Path> containerCgroups() throws IOException {
        try (Stream<Path> s = Files.find(Path.of("/sys/fs/cgroup"), 8, (p, a) -> a.isDirectory()
                && p.getFileName().toString().matches("[0-9a-f]{32}")
                && p.getParent().getFileName().toString().equals("nucleus"))) {
            return s.sorted().toList();
        }
    }

    private static long hostKallsymsBytes() {
        try (var in = Files.newInputStream(Path.of("/proc/kallsyms"))) {
            return in.readNBytes(4096).length;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals("names")).count();
        }
    }
}
