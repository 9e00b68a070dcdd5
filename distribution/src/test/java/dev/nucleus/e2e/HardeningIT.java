package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 4 item 9: the defences, attacked from inside a real container in each service mode.
 * The static probe native/src/test/c/try_syscall.c (built here with gcc) makes one syscall and
 * prints {@code NAME allowed|denied errno=E}; a call the seccomp filter kills prints nothing and
 * the shell sees 159 (128 + SIGSYS). Every check pins the exact outcome per mode.
 */
@Tag("root")
class HardeningIT {
    private static final String KILLED = "exit=159\n";

    static Path dir;
    static Path probe;
    static Path rootfs;

    enum Mode {
        AGENT, STRICT_AGENT, PRODUCTION;

        List<String> flags() {
            return switch (this) {
                case AGENT -> List.of("--service-mode", "agent");
                case STRICT_AGENT -> List.of("--service-mode", "strict-agent", "--trust-level", "trusted");
                case PRODUCTION -> List.of("--service-mode", "production", "--trust-level", "trusted", "--memory", "64M",
                        "--cpus", "1", "--verify-rootfs-attestation", "--rootfs", rootfs.toString());
            };
        }
    }

    @BeforeAll
    static void buildProbeAndRootfs() throws IOException, InterruptedException {
        // World-traversable: strict-agent's root is uid 100000 on the host and must reach the probe.
        dir = Files.createTempDirectory("nucleus-hardening",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        probe = dir.resolve("try_syscall");
        Path source = Nucleus.REPO.resolve("native/src/test/c/try_syscall.c");
        Process gcc = new ProcessBuilder("gcc", "-static", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2", "-o",
                probe.toString(), source.toString()).redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc did not finish");
        assertEquals(0, gcc.exitValue(), "gcc failed to build try_syscall:\n" + gccOut);

        // A minimal busybox rootfs, as in ModesIT (busybox-static is installed by scripts/setup.sh).
        rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "cat", "grep", "sleep", "wc", "echo", "ls", "readlink", "pwd", "kill")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        rootfs = NixStore.attestedRootfs(rootfs); // production runs a rootfs from the Nix store
    }

    @AfterAll
    static void removeTemporaryFiles() throws IOException {
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Runs a shell script in the mode's container with the probe at /probe. */
    private static Nucleus.Result in(Mode mode, String script) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(mode.flags());
        args.addAll(List.of("-v", probe + ":/probe:ro", "--", "/bin/sh", "-c", script));
        return Nucleus.run(args.toArray(String[]::new));
    }

    private static String probeLine(Mode mode, String name, String arg) {
        Nucleus.Result r = in(mode, "/probe " + name + " " + arg + "; echo exit=$?");
        assertEquals(0, r.exit(), r.toString());
        return r.out();
    }

    // ---------------------------------------------------------------- the probe itself

    /**
     * Without a sandbox the same bad arguments reach the kernel and fail harmlessly, so a 159 in
     * the container is the filter's verdict, not the probe's. (init_module, kexec_load and the
     * AF_ALG/AF_VSOCK families depend on the host kernel's configuration: there only "not killed".)
     */
    @Test
    void onTheHostTheProbesBadArgumentsReachTheKernel() throws IOException, InterruptedException {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("mount", "allowed errno=ENODEV");
        expected.put("setns", "allowed errno=EBADF");
        expected.put("keyctl", "allowed errno=EOPNOTSUPP");
        expected.put("add_key", "allowed errno=EFAULT");
        expected.put("userfaultfd", "allowed errno=EINVAL");
        expected.put("bpf", "allowed errno=EINVAL");
        expected.put("perf_event_open", "allowed errno=EFAULT");
        expected.put("io_uring_setup", "allowed errno=EFAULT");
        expected.put("open_by_handle_at", "allowed errno=EFAULT");
        expected.put("syslog", "allowed errno=EINVAL");
        expected.put("tiocsti", "allowed errno=EBADF");
        expected.put("tiocsti_high", "allowed errno=EBADF");
        expected.put("socket_netlink", "allowed errno=0");
        expected.put("socket_inet", "allowed errno=0");
        for (var e : expected.entrySet()) {
            assertEquals(e.getKey() + " " + e.getValue() + "\n", host(e.getKey()), e.getKey());
        }
        for (String configDependent : List.of("init_module", "kexec_load", "socket_alg", "socket_vsock")) {
            assertTrue(host(configDependent).matches(configDependent + " (allowed|denied) errno=\\w+\\n"),
                    configDependent);
        }
    }

    private static String host(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(probe.toString(), name).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), name + ": " + out);
        return out;
    }

    // ---------------------------------------------------------------- seccomp

    static Stream<Arguments> dangerousSyscalls() {
        List<String> names = List.of("mount", "mount_cgroup", "unshare", "setns", "keyctl", "add_key", "userfaultfd",
                "bpf", "perf_event_open", "io_uring_setup", "open_by_handle_at", "init_module", "kexec_load", "syslog",
                "ptrace", "tiocsti", "tiocsti_high", "mknod");
        return Stream.of(Mode.values()).flatMap(m -> names.stream().map(n -> Arguments.of(m, n)));
    }

    /** Every one of them is outside the allowlist: the process dies by SIGSYS before the kernel acts. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dangerousSyscalls")
    void aDangerousSyscallKillsTheProcess(Mode mode, String name) {
        // ptrace: PTRACE_SEIZE of PID 1 (the shell, or the production mini-init); mount_cgroup: the
        // release_agent escape's first step; mknod: /dev/null's twin in /tmp.
        assertEquals(KILLED, probeLine(mode, name, ""), mode + " " + name);
    }

    /**
     * Controls for the argument filters: the same ioctl and socket syscalls with a harmless
     * request or family reach the kernel, so the kills above are the filter reading arguments
     * (TIOCSTI also with the high 32 bits set, which the kernel ignores), not a blanket ban.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void ordinaryIoctlsAndSocketFamiliesPassTheFilter(Mode mode) {
        Nucleus.Result r = in(mode, "for s in tcgets tcgets_high socket_unix; do /probe $s; echo exit=$?; done");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("""
                tcgets allowed errno=EBADF
                exit=0
                tcgets_high allowed errno=EBADF
                exit=0
                socket_unix allowed errno=0
                exit=0
                """, r.out());
    }

    /**
     * A socket family the launch does not allow (without a network: all but AF_UNIX) is refused
     * as unsupported, as a kernel without it would answer, not by death: a program that probes
     * for a network (Python's socket(), ip, wget) reports that there is none. Netlink and inet
     * sockets the host kernel makes (above), so their refusal here is the filter's.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRefusedSocketFamilyIsUnsupportedNotFatal(Mode mode) {
        Nucleus.Result r = in(mode, "for s in socket_netlink socket_inet socket_alg socket_vsock; do /probe $s;"
                + " echo exit=$?; done");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("""
                socket_netlink denied errno=EAFNOSUPPORT
                exit=0
                socket_inet denied errno=EAFNOSUPPORT
                exit=0
                socket_alg denied errno=EAFNOSUPPORT
                exit=0
                socket_vsock denied errno=EAFNOSUPPORT
                exit=0
                """, r.out());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void ptraceOfASiblingKillsTheProcess(Mode mode) {
        Nucleus.Result r = in(mode, "sleep 5 & /probe ptrace $!; echo exit=$?; kill $!");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(KILLED, r.out(), r.toString());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void capabilitiesAreEmptyAndOneFilterIsInstalled(Mode mode) {
        Nucleus.Result r = in(mode, "grep -E '^(Cap[A-Za-z]+|NoNewPrivs|Seccomp|Seccomp_filters):' /proc/self/status");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("""
                CapInh:\t0000000000000000
                CapPrm:\t0000000000000000
                CapEff:\t0000000000000000
                CapBnd:\t0000000000000000
                CapAmb:\t0000000000000000
                NoNewPrivs:\t1
                Seccomp:\t2
                Seccomp_filters:\t1
                """, r.out());
    }

    // ---------------------------------------------------------------- fds and cwd (CVE-2024-21626)

    @ParameterizedTest
    @EnumSource(Mode.class)
    void leakedFdsAreClosedAndTheCwdIsInsideTheRoot(Mode mode) throws IOException {
        Path hostDir = Files.createDirectories(dir.resolve("host-cwd-" + mode));
        Files.writeString(hostDir.resolve("host-marker"), "host\n");
        String inside = "ls /proc/self/fd; echo cwd=$(readlink /proc/self/cwd); ls -a . | grep -c host-marker; "
                + "cd ..; cd ..; echo up=$(pwd -P); [ / -ef /.. ] && echo root-is-its-own-parent";
        Nucleus.Result r = Nucleus.shell("cd " + hostDir + " && exec 7</etc/hostname 8<" + hostDir + " 9<" + hostDir
                + "/host-marker && \"$NUCLEUS\" run " + String.join(" ", mode.flags()) + " -- /bin/sh -c '" + inside
                + "'");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("0\n1\n2\n3\ncwd=/\n0\nup=/\nroot-is-its-own-parent\n", r.out(),
                "only stdio and ls's own directory fd; cwd / of the container: " + r);
    }

    // ---------------------------------------------------------------- /proc, /sys, /dev

    @ParameterizedTest
    @EnumSource(Mode.class)
    void maskedProcFilesReadEmpty(Mode mode) {
        Nucleus.Result r = in(mode, "for f in kallsyms keys timer_list; do echo $f $(wc -c < /proc/$f); done");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("kallsyms 0\nkeys 0\ntimer_list 0\n", r.out());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void procSysAndSysAreNotWritable(Mode mode) {
        // The strict modes' /proc/sys belongs to the host's root, not to the user namespace's root.
        String procSys = mode == Mode.AGENT ? "allowed errno=EROFS" : "denied errno=EACCES";
        assertEquals("open_write " + procSys + "\nexit=0\n", probeLine(mode, "open_write", "/proc/sys/kernel/hostname"));
        assertEquals("open_write allowed errno=EROFS\nexit=0\n", probeLine(mode, "open_write", "/sys/kernel/profiling"));
        assertEquals("mkdir allowed errno=EROFS\nexit=0\n", probeLine(mode, "mkdir", "/sys/kernel/nucleus-escape"));
        Nucleus.Result mounts = in(mode, "grep -E '^[^ ]+ [^ ]+ [^ ]+ [^ ]+ /(sys|proc/sys) ' /proc/self/mountinfo");
        List<String> pointAndOptions = mounts.out().lines().map(l -> l.split(" ")).map(f -> f[4] + " " + f[5].split(",")[0])
                .sorted().toList();
        assertEquals(List.of("/proc/sys ro", "/sys ro"), pointAndOptions, mounts.toString());
    }

    /**
     * This host's kernel is built without CONFIG_MAGIC_SYSRQ, so there is no trigger to refuse;
     * where there is one it must not open for writing.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void sysrqTriggerIsNotWritable(Mode mode) {
        String line = probeLine(mode, "open_write", "/proc/sysrq-trigger");
        if (Files.exists(Path.of("/proc/sysrq-trigger"))) {
            assertTrue(line.matches("open_write (allowed errno=EROFS|denied errno=EACCES)\nexit=0\n"), line);
        } else {
            assertEquals("open_write allowed errno=ENOENT\nexit=0\n", line);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void devHoldsOnlyTheBoundNodesAndMknodIsKilled(Mode mode) {
        Nucleus.Result r = in(mode, "ls -A /dev");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("fd", "full", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty",
                "urandom", "zero"), r.out().lines().sorted().toList());
        assertEquals(KILLED, probeLine(mode, "mknod", "/dev/nucleus-null"));
    }

    // ---------------------------------------------------------------- cgroup release_agent

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theReleaseAgentTrickHasNoWritableCgroupfs(Mode mode) {
        assertEquals(KILLED, probeLine(mode, "mount_cgroup", "/tmp"));
        Nucleus.Result r = in(mode, "ls -A /sys/fs/cgroup | wc -l; grep -c ' - cgroup' /proc/self/mountinfo");
        assertEquals("0\n0\n", r.out(), "no cgroup hierarchy is mounted inside: " + r);
        for (String agent : List.of("/sys/fs/cgroup/release_agent", "/sys/fs/cgroup/memory/release_agent")) {
            assertEquals("open_write allowed errno=ENOENT\nexit=0\n", probeLine(mode, "open_write", agent), agent);
        }
        // /sys/fs/cgroup is sysfs's empty mount-point directory (lookups in it fail before the
        // read-only check); /sys itself is read-only (procSysAndSysAreNotWritable).
        assertEquals("mkdir allowed errno=ENOENT\nexit=0\n", probeLine(mode, "mkdir", "/sys/fs/cgroup/escape"));
        assertEquals("mkdir allowed errno=EROFS\nexit=0\n", probeLine(mode, "mkdir", "/sys/fs/nucleus-cgroup"));
    }

    // ---------------------------------------------------------------- CVE-2019-5736

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theRuntimesBinariesCannotBeRewrittenThroughProcExe(Mode mode) throws IOException {
        Path dist = Nucleus.REPO.resolve("distribution/target/nucleus");
        List<Path> binaries = List.of(dist.resolve("lib/nucleus-shim"), dist.resolve("runtime/bin/java"),
                Path.of("/usr/bin/dash"), probe);
        Map<Path, String> before = new LinkedHashMap<>();
        for (Path b : binaries) {
            before.put(b, sha256(b));
        }
        // In production PID 1 is the mini-init, i.e. the host's nucleus-shim itself: the very
        // target of CVE-2019-5736. It is non-dumpable, so even an O_PATH handle is refused.
        Nucleus.Result r = in(mode, "/probe open_write /proc/self/exe; /probe open_write /proc/1/exe; "
                + "/probe reopen_write /proc/self/exe; /probe reopen_write /proc/1/exe; "
                + "echo x > /proc/self/exe; echo self=$?; echo x > /proc/1/exe; echo one=$?");
        assertEquals(0, r.exit(), r.toString());
        String expected = switch (mode) {
            // agent: the exe is a running file on a read-only mount (the shell's own redirection, with
            // O_TRUNC, is refused by the mount: dash says "Read-only file system", exit 2)
            case AGENT -> """
                    open_write allowed errno=ETXTBSY
                    open_write allowed errno=ETXTBSY
                    reopen_write allowed errno=ETXTBSY
                    reopen_write allowed errno=ETXTBSY
                    self=2
                    one=2
                    """;
            case STRICT_AGENT -> """
                    open_write denied errno=EACCES
                    open_write denied errno=EACCES
                    reopen_write denied errno=EACCES
                    reopen_write denied errno=EACCES
                    self=2
                    one=2
                    """;
            // production: its root is host uid 100000 (as strict-agent's), which may not write root's
            // files; PID 1 is the non-dumpable mini-init, whose exe link does not resolve at all
            case PRODUCTION -> """
                    open_write denied errno=EACCES
                    open_write allowed errno=ENOENT
                    reopen_write denied errno=EACCES
                    reopen_write allowed errno=ENOENT
                    self=1
                    one=1
                    """;
        };
        assertEquals(expected, r.out(), r.toString());
        for (Path b : binaries) {
            assertEquals(before.get(b), sha256(b), b + " is unchanged");
        }
        Set<PosixFilePermission> shim = Files.getPosixFilePermissions(dist.resolve("lib/nucleus-shim"));
        assertFalse(shim.contains(PosixFilePermission.OWNER_WRITE) || shim.contains(PosixFilePermission.GROUP_WRITE)
                || shim.contains(PosixFilePermission.OTHERS_WRITE), "the shim is installed read-only: " + shim);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
