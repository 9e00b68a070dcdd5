package dev.nucleus.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled default profile installed for real: a small C helper (seccomp_probe.c, built
 * here with gcc) loads the program with no_new_privs + SECCOMP_SET_MODE_FILTER and makes one
 * raw syscall; the kernel's verdict is read from its exit status and output.
 */
@Tag("root")
class SeccompEnforcementTest {
    private static final int SIGSYS = 31;
    private static final Pattern RESULT = Pattern.compile("ret=(-?\\d+) errno=(\\d+)\\n");

    @TempDir
    static Path dir;
    private static Path helper;
    private static Path offline;
    private static Path online;
    private static Path gpu;

    record Outcome(int exit, String stdout, String stderr) {
        boolean killedBySigsys() {
            return exit == 128 + SIGSYS;
        }

        long ret() {
            return result().map(m -> Long.parseLong(m.group(1))).orElseThrow(this::unexpected);
        }

        int errno() {
            return result().map(m -> Integer.parseInt(m.group(2))).orElseThrow(this::unexpected);
        }

        private java.util.Optional<Matcher> result() {
            Matcher m = RESULT.matcher(stdout);
            return exit == 0 && m.matches() ? java.util.Optional.of(m) : java.util.Optional.empty();
        }

        private AssertionError unexpected() {
            return new AssertionError("helper did not return from the syscall: " + this);
        }
    }

    @BeforeAll
    static void buildHelperAndPrograms() throws IOException, InterruptedException {
        Path source = dir.resolve("seccomp_probe.c");
        try (InputStream in = SeccompEnforcementTest.class.getResourceAsStream("seccomp_probe.c")) {
            if (in == null) {
                fail("seccomp_probe.c is missing from the test resources");
            }
            Files.write(source, in.readAllBytes());
        }
        helper = dir.resolve("seccomp_probe");
        Process gcc = new ProcessBuilder("gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2", "-o",
                helper.toString(), source.toString()).redirectErrorStream(true).start();
        String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(60, TimeUnit.SECONDS), "gcc did not finish");
        assertEquals(0, gcc.exitValue(), "gcc failed to build the seccomp test helper:\n" + gccOut);

        SeccompCompiler compiler = new SeccompCompiler();
        offline = write("offline.bpf", compiler, DefaultSeccompProfile.forRequest(false, false));
        online = write("online.bpf", compiler, DefaultSeccompProfile.forRequest(true, false));
        gpu = write("gpu.bpf", compiler, DefaultSeccompProfile.forRequest(false, true));
    }

    private static Path write(String name, SeccompCompiler compiler, SeccompProfile profile) throws IOException {
        return Files.write(dir.resolve(name), compiler.bpf(profile));
    }

    private static Outcome run(Path program, String syscall, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(helper.toString(), program.toString(), syscall));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("helper hung: " + cmd);
        }
        Outcome o = new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
        if (o.exit() == 125) {
            fail("helper failed before the syscall: " + o);
        }
        return o;
    }

    private static void assertKilled(Path program, String syscall, String... args) throws Exception {
        Outcome o = run(program, syscall, args);
        assertTrue(o.killedBySigsys(), syscall + " " + String.join(" ", args) + " should die of SIGSYS: " + o);
    }

    private static Outcome assertAllowed(Path program, String syscall, String... args) throws Exception {
        Outcome o = run(program, syscall, args);
        assertEquals(0, o.exit(), syscall + " " + String.join(" ", args) + " should return: " + o);
        return o;
    }

    @Test
    void getpidWorks() throws Exception {
        Outcome o = assertAllowed(offline, "getpid");
        assertTrue(o.ret() > 0, o.toString());
    }

    @Test
    void clone3FailsWithEnosys() throws Exception {
        // NULL args: an unfiltered kernel would say EFAULT/EINVAL, not ENOSYS.
        Outcome o = assertAllowed(offline, "clone3", "0", "0");
        assertEquals(-1, o.ret());
        assertEquals(38, o.errno());
    }

    @Test
    void unshareUserNamespaceKillsTheProcess() throws Exception {
        assertKilled(offline, "unshare", "0x10000000");
        assertKilled(online, "unshare", "0x10000000");
    }

    /** A family the launch does not allow: "not supported" (EAFNOSUPPORT), as a kernel without it would say. */
    private static void assertUnsupportedFamily(Path program, String... args) throws Exception {
        Outcome o = assertAllowed(program, "socket", args);
        assertEquals(-1, o.ret(), o.toString());
        assertEquals(97, o.errno(), o.toString());
    }

    @Test
    void inetSocketsOnlyWithANetwork() throws Exception {
        assertUnsupportedFamily(offline, "2", "1", "0");
        assertUnsupportedFamily(offline, "10", "1", "0");
        assertTrue(assertAllowed(online, "socket", "2", "1", "0").ret() >= 0);
        assertTrue(assertAllowed(online, "socket", "10", "2", "0").ret() >= 0);
        assertTrue(assertAllowed(offline, "socket", "1", "1", "0").ret() >= 0);
    }

    @Test
    void netlinkSocketsNeverAndHighBitsCannotSmuggleADomain() throws Exception {
        assertUnsupportedFamily(online, "16", "3", "0");
        assertUnsupportedFamily(online, "17", "3", "0"); // AF_PACKET
        // the kernel reads the domain as int: 0x1_00000010 is AF_NETLINK, refused as such
        assertUnsupportedFamily(online, "0x100000010", "3", "0");
        assertTrue(assertAllowed(online, "socket", "0x100000002", "1", "0").ret() >= 0, "AF_INET in the low half");
        // a domain no kernel defines still meets the default action
        assertKilled(online, "socket", "46", "1", "0");
        assertKilled(offline, "socket", "0xFFFFFFFF", "1", "0");
    }

    @Test
    void networkOnlySyscallsFollowTheNetwork() throws Exception {
        assertKilled(offline, "sendto", "-1", "0", "0", "0", "0", "0");
        assertKilled(offline, "bind", "-1", "0", "0");
        assertEquals(9, assertAllowed(online, "sendto", "-1", "0", "0", "0", "0", "0").errno()); // EBADF
    }

    @Test
    void ioctlTerminalRequestsAllowedOthersKilled() throws Exception {
        assertAllowed(offline, "ioctl", "0", "0x5413", "buf"); // TIOCGWINSZ; ENOTTY on a pipe is fine
        assertKilled(offline, "ioctl", "0", "0x5412", "empty"); // TIOCSTI
        assertKilled(offline, "ioctl", "0", "0xC0045401"); // not in the set
    }

    @Test
    void ioctlComparesTheLow32BitsOfTheRequest() throws Exception {
        // FIONCLEX with garbage in the high word: the kernel uses the low 32 bits, and so does the filter
        Outcome o = assertAllowed(offline, "ioctl", "0", "0xFFFFFFFF00005450");
        assertEquals(0, o.ret(), o.toString());
        assertAllowed(offline, "ioctl", "0", "0x100005413", "buf");
        // high bits cannot launder a forbidden request either
        assertKilled(offline, "ioctl", "0", "0xFFFFFFFF00005412", "empty");
    }

    @Test
    void gpuModeAllowsEveryIoctl() throws Exception {
        assertAllowed(gpu, "ioctl", "0", "0xC0045401", "buf");
    }

    @Test
    void mprotectRefusesWriteAndExecTogether() throws Exception {
        assertKilled(offline, "mprotect", "page", "4096", "6"); // PROT_WRITE|PROT_EXEC
        assertKilled(offline, "mprotect", "page", "4096", "7"); // RWX
        assertEquals(0, assertAllowed(offline, "mprotect", "page", "4096", "1").ret()); // PROT_READ
        assertEquals(0, assertAllowed(offline, "mprotect", "page", "4096", "5").ret()); // R|X
        assertEquals(0, assertAllowed(offline, "mprotect", "page", "4096", "3").ret()); // R|W
    }

    @Test
    void cloneWithNamespaceFlagsKillsPlainCloneForks() throws Exception {
        assertKilled(offline, "clone", "0x20011"); // CLONE_NEWNS | SIGCHLD
        assertKilled(offline, "clone", "0x10000011"); // CLONE_NEWUSER | SIGCHLD
        assertKilled(offline, "clone", "0x40000011"); // CLONE_NEWNET | SIGCHLD
        assertTrue(assertAllowed(offline, "clone", "0x11").ret() > 0); // fork(): SIGCHLD only
    }

    @Test
    void prctlOptionsAreFiltered() throws Exception {
        assertEquals(0, assertAllowed(offline, "prctl", "15", "empty").ret()); // PR_SET_NAME
        assertAllowed(offline, "prctl", "47", "1", "0"); // PR_CAP_AMBIENT IS_SET
        assertKilled(offline, "prctl", "47", "2", "0"); // PR_CAP_AMBIENT RAISE
        assertKilled(offline, "prctl", "24", "0"); // PR_CAPBSET_DROP
        assertKilled(offline, "prctl", "22", "2"); // PR_SET_SECCOMP
    }

    @Test
    void prlimit64ReadsButNeverSets() throws Exception {
        assertEquals(0, assertAllowed(offline, "prlimit64", "0", "7", "0", "buf").ret());
        assertKilled(offline, "prlimit64", "0", "7", "buf", "0");
    }

    @Test
    void preadv2AndPwritev2OnlyWithoutFlags() throws Exception {
        assertAllowed(offline, "preadv2", "0", "buf", "0", "-1", "0", "0");
        assertKilled(offline, "preadv2", "0", "buf", "0", "-1", "0", "8"); // RWF_NOWAIT
        assertAllowed(offline, "pwritev2", "1", "buf", "0", "-1", "0", "0");
        assertKilled(offline, "pwritev2", "1", "buf", "0", "-1", "0", "2"); // RWF_DSYNC
    }

    @Test
    void execveatWithoutAtEmptyPathOnly() throws Exception {
        assertKilled(offline, "execveat", "0", "empty", "0", "0", "0x1000");
        assertEquals(2, assertAllowed(offline, "execveat", "-100", "empty", "0", "0", "0").errno()); // ENOENT
    }

    @ParameterizedTest
    @ValueSource(strings = {"setns", "mount", "bpf", "keyctl", "ptrace", "io_uring_setup", "userfaultfd",
            "memfd_create", "fork"})
    void dangerousSyscallsKillTheProcess(String syscall) throws Exception {
        assertKilled(online, syscall, "0", "0", "0", "0", "0", "0");
    }
}
