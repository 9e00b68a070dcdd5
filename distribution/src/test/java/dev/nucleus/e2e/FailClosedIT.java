package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a black-box audit found open, closed: where the runtime now refuses, remaps or keeps to
 * memory, each seen from outside, on the real binary and kernel.
 */
@Tag("root")
class FailClosedIT {
    static Path rootfs;

    @TempDir
    Path tmp;

    /** The strict modes' remapped root (host uid 100000) must pass through to the state directory. */
    @org.junit.jupiter.api.BeforeEach
    void traversable() throws IOException {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
    }

    @BeforeAll
    static void busyboxRootfs() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-failclosed-rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("scratch")); // a top-level directory a --tmpfs may cover
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "cat", "cp", "chmod", "echo", "grep", "id", "true")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/:/bin/sh\nsvc:x:1000:1000::/:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nsvc:x:1000:\nextra:x:2000:svc\nother:x:3000:root\n");
    }

    private static List<String> run(Path state, String... flags) {
        List<String> args = new ArrayList<>(List.of("--root", state.toString(), "run", "--rootfs", rootfs.toString()));
        args.addAll(List.of(flags));
        return args;
    }

    @Test
    void secretsAreStagedInMemoryAndGoWithTheContainer() throws IOException {
        Path secret = Files.writeString(tmp.resolve("token"), "in-memory-only\n");
        Path state = tmp.resolve("state");
        List<String> before = staged();
        List<String> args = run(state, "--secret", secret + ":/run/secrets/token", "--", "/bin/sh", "-c",
                "grep ' /run/secrets/token ' /proc/self/mountinfo; cat /run/secrets/token");
        Nucleus.Result r = Nucleus.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        String mount = r.out().lines().findFirst().orElse("");
        // mountinfo: the bind's root within its file system, then after " - " the file system's type
        assertTrue(mount.contains("/nucleus-secrets-") && mount.contains(" - tmpfs "), r.toString());
        assertTrue(r.out().endsWith("in-memory-only\n"), r.toString());
        assertEquals(before, staged(), "nothing staged is left once the container is gone");
        try (Stream<Path> all = Files.walk(state)) {
            assertFalse(all.anyMatch(p -> Files.isRegularFile(p) && read(p).contains("in-memory-only")),
                    "no copy of the secret under the state directory");
        }
    }

    private static List<String> staged() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/dev/shm"))) {
            return entries.map(Path::toString).filter(p -> p.contains("nucleus-secrets-")).sorted().toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void nothingWrittenInAWritableMountRuns() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path state = tmp.resolve("state");
        String script = "cp /bin/busybox /data/bb && chmod 755 /data/bb && /data/bb true; echo volume=$?; "
                + "cp /bin/busybox /scratch/bb && chmod 755 /scratch/bb && /scratch/bb true; echo tmpfs=$?";
        List<String> args = run(state, "-v", data + ":/data", "--tmpfs", "/scratch", "--", "/bin/sh", "-c", script);
        Nucleus.Result r = Nucleus.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("volume=126", "tmpfs=126"), r.out().lines().toList(), r.toString());
    }

    @Test
    void aNamedUserGetsTheGroupsThatListItAndOnlyThose() {
        Path state = tmp.resolve("state");
        // busybox starts with setgid(getgid()); setuid(getuid()) when it is not root: the default
        // filter allows the set*id calls that keep the workload's own ids, and no other.
        List<String> args = run(state, "--user", "svc",
                "--", "/bin/grep", "-e", "^Uid", "-e", "^Gid", "-e", "^Groups", "/proc/self/status");
        Nucleus.Result r = Nucleus.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("Uid:\t1000\t1000\t1000\t1000", "Gid:\t1000\t1000\t1000\t1000", "Groups:\t2000 "),
                r.out().lines().toList(), r.toString());
    }

    /** The set*id calls that keep the workload's own ids pass the default filter; any other id kills it. */
    @Test
    void theDefaultFilterLetsAWorkloadKeepItsIdsAndNothingElse() {
        Nucleus.Result r = Nucleus.run("--root", tmp.resolve("state").toString(), "run", "--user", "1000", "--group",
                "1000", "--", "python3", "-c", "import os; os.setuid(1000); os.setresgid(1000, 1000, 1000);"
                        + " print('kept', flush=True); os.setuid(0); print('changed')");
        assertEquals(128 + 31, r.exit(), "SIGSYS at setuid(0): " + r);
        assertEquals("kept\n", r.out(), r.toString());
    }

    @Test
    void productionStartedAsRootRunsContainerRootAsHostUid100000() throws IOException {
        Path prodRootfs = NixStore.attestedRootfs(rootfs);
        // The remapped root must pass through to the state directory's mount point (JUnit's own are 0700).
        Path data = Files.createDirectories(Nucleus.tempDir("nucleus-failclosed-data"));
        Path state = Nucleus.tempDir("nucleus-failclosed-state");
        for (Path open : List.of(data, state)) {
            Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        List<String> base = List.of("--root", state.toString(), "run", "--service-mode", "production",
                "--trust-level", "trusted", "--memory", "64M", "--cpus", "1", "--verify-rootfs-attestation",
                "--rootfs", prodRootfs.toString(), "-v", data + ":/data", "--", "/bin/sh", "-c",
                "cat /proc/self/uid_map; echo x > /data/f && echo wrote");
        Nucleus.Result notGiven = Nucleus.run(base.toArray(String[]::new));
        assertTrue(notGiven.out().matches("(?s)\\s*0\\s+100000\\s+65536\n"), notGiven.toString());
        assertFalse(Files.exists(data.resolve("f")), "host root's directory stays closed to the container's root");
        Files.setAttribute(data, "unix:uid", 100_000);
        Files.setAttribute(data, "unix:gid", 100_000);
        Nucleus.Result given = Nucleus.run(base.toArray(String[]::new));
        assertEquals(0, given.exit(), given.toString());
        assertTrue(given.out().endsWith("wrote\n"), given.toString());
        assertEquals(100_000, Files.getAttribute(data.resolve("f"), "unix:uid"));
    }

    @Test
    void strictModesRefuseASeccompProfileThatDoesNotRefuse() throws IOException {
        Path profile = Files.writeString(tmp.resolve("allow.json"), "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        Path state = tmp.resolve("state");
        List<String> strict = run(state, "--strict-agent", "--trust-level", "trusted", "--seccomp-profile",
                profile.toString(), "--", "/bin/true");
        Nucleus.Result refused = Nucleus.run(strict.toArray(String[]::new));
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("rule seccomp-profile-default-denies"), refused.toString());
        assertNothingLeft(state);
        Nucleus.Result agent = Nucleus.run(run(state, "--seccomp-profile", profile.toString(), "--", "/bin/true")
                .toArray(String[]::new));
        assertEquals(0, agent.exit(), "agent mode runs what it is given: " + agent);
    }

    @Test
    void badInputIsRefusedByNameBeforeAnythingIsMade() throws IOException {
        Path state = tmp.resolve("state");
        Path secret = Files.writeString(tmp.resolve("s"), "s");
        String[][] cases = {
                {"--cpus", "0.005"},
                {"--memory", "1K"},
                {"--user", "4294967295", "--group", "0"},
                {"--user", "nosuchuser"},
                {"--additional-group", "nosuchgroup"},
                {"--io-limit", "4095:1048575 rbps=1"},
                {"--cgroup-parent", "tasks"},
                {"--secret", secret + ":/proc/self/x"},
                {"--swap"},
                {"--uidmap", "0:200000:10", "--gidmap", "0:200000:10", "--uidmap", "5:300000:10", "--gidmap",
                        "10:300000:10"},
                {"--strict-agent", "--trust-level", "trusted", "--user", "70000", "--group", "70000"},
                {"--strict-agent", "--trust-level", "trusted", "--memlock", "1T"},
                {"--nat-backend", "userspace"},
                {"--health-retries", "5"},
                {"--workdir", "/no/such/dir"},
                {"--workdir", "/bin/sh/app"},
        };
        String[] named = {"--cpus", "--memory", "--user", "--user nosuchuser", "--additional-group nosuchgroup",
                "--io-limit 4095:1048575", "--cgroup-parent", "/proc/self/x", "swap-needs-memory", "id-maps-overlap",
                "uid 70000 is outside", "--memlock", "bridge-options-need-bridge", "health-options-need-health-cmd",
                "--workdir /no/such/dir: no such directory in the container",
                "--workdir /bin/sh/app: /bin/busybox is not a directory in the container"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = run(state, cases[i]);
            args.addAll(List.of("--", "/bin/true"));
            Nucleus.Result r = Nucleus.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), List.of(cases[i]) + ": " + r);
            assertTrue(r.err().contains(named[i]), List.of(cases[i]) + " names " + named[i] + ": " + r);
            assertNothingLeft(state);
        }
        Nucleus.Result log = Nucleus.run("--log", tmp.resolve("no/such/dir/x.log").toString(), "run", "--", "/bin/true");
        assertEquals(2, log.exit(), log.toString());
        assertFalse(Files.exists(tmp.resolve("no")), "no directory made for a log");
    }

    /** No container state, and no cgroup of ours in any hierarchy, for a refused launch. */
    private static void assertNothingLeft(Path state) throws IOException {
        if (Files.isDirectory(state)) {
            try (Stream<Path> entries = Files.list(state)) {
                assertEquals(List.of(), entries.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("[0-9a-f]{64}")).toList(), "no container directory");
            }
        }
    }
}
