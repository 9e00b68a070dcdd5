package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policies shipped in config/, through the real bin/nucleus, in the modes they are written for. */
@Tag("root")
class ShippedPoliciesIT {
    static final Path CONFIG = Nucleus.REPO.resolve("config");
    static Path rootfs;

    /** A minimal busybox rootfs as ModesIT builds it, with a /data directory for the service's state. */
    @BeforeAll
    static void busyboxRootfs() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "cat", "grep", "sleep", "echo", "unshare", "cp", "nc", "kill", "true")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        rootfs = NixStore.attestedRootfs(rootfs); // production runs a rootfs from the Nix store
    }

    static String config(String name) {
        return CONFIG.resolve(name).toString();
    }

    static String sha256(String name) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(CONFIG.resolve(name))));
    }

    /** The three --*-policy flags of one workload, pinned or not. */
    static List<String> trio(String workload, boolean pinned) throws Exception {
        List<String> flags = new ArrayList<>();
        for (String[] kind : new String[][] {{"--seccomp-profile", ".seccomp.json"}, {"--caps-policy", ".caps.toml"},
                {"--landlock-policy", ".landlock.toml"}}) {
            String name = workload + kind[1];
            flags.addAll(List.of(kind[0], config(name)));
            if (pinned) {
                flags.addAll(List.of(kind[0] + "-sha256", sha256(name)));
            }
        }
        return flags;
    }

    static Nucleus.Result run(List<String> flags, String script) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(flags);
        args.addAll(List.of("--", "/bin/sh", "-c", script));
        return Nucleus.run(args.toArray(String[]::new));
    }

    /**
     * Production started as root runs container root as host uid 100000 (as the reference): the
     * volume is given to it, as an operator would.
     */
    static List<String> production(Path data) throws java.io.IOException {
        Files.setAttribute(data, "unix:uid", 100_000);
        Files.setAttribute(data, "unix:gid", 100_000);
        return List.of("--service-mode", "production", "--trust-level", "trusted", "--memory", "64M", "--cpus", "1",
                "--verify-rootfs-attestation", "--rootfs", rootfs.toString(), "-v", data + ":/data");
    }

    @Test
    void theReadmeDigestTableMatchesTheFiles() throws Exception {
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\| `([0-9a-f]{64})` \\|$")
                .matcher(Files.readString(CONFIG.resolve("README.md")));
        Map<String, String> table = new TreeMap<>();
        while (m.find()) {
            table.put(m.group(1), m.group(2));
        }
        Map<String, String> actual = new TreeMap<>();
        try (var files = Files.list(CONFIG)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches(".*\\.(json|toml)")).toList()) {
                actual.put(f.getFileName().toString(), sha256(f.getFileName().toString()));
            }
        }
        assertEquals(6, actual.size(), actual.toString());
        assertEquals(actual, table, "config/README.md's SHA-256 table");
    }

    @ParameterizedTest
    @ValueSource(strings = {"network-service.seccomp.json", "network-service.caps.toml", "network-service.landlock.toml",
            "coding-agent.seccomp.json", "coding-agent.caps.toml", "coding-agent.landlock.toml"})
    void eachFileLoadsOnItsOwnAndItsPinIsAccepted(String name) throws Exception {
        String flag = name.endsWith(".seccomp.json") ? "--seccomp-profile"
                : name.endsWith(".caps.toml") ? "--caps-policy" : "--landlock-policy";
        Nucleus.Result r = Nucleus.run("run", flag, config(name), flag + "-sha256", sha256(name), "--", "/bin/sh",
                "-c", "echo loaded");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("loaded\n", r.out(), r.toString());
    }

    @Test
    void theNetworkServiceTrioRunsInProductionWithPins(@TempDir Path data) throws Exception {
        Nucleus.Result r = run(concat(production(data), trio("network-service", true)),
                "echo ok; unshare -U true; echo unshare=$?; "
                        + "grep -e '^CapEff' -e '^CapBnd' -e '^Seccomp:' /proc/self/status; "
                        + "echo state > /data/f && cat /data/f; "
                        + "cp /bin/busybox /data/bb && /data/bb true 2>/dev/null; echo exec-data=$?; "
                        + "nc -l -p 80 & sleep 0.3; cat /proc/net/tcp /proc/net/tcp6 | grep -c ':0050 [0:]* 0A '; kill $!");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("ok",
                        "unshare=159", // SIGSYS: the profile's KILL_PROCESS default
                        "CapEff:\t0000000000000400", "CapBnd:\t0000000000000400", "Seccomp:\t2",
                        "state", "exec-data=126", // /data is writable, never executable
                        "1"), // listening on port 80 with CAP_NET_BIND_SERVICE
                r.out().lines().toList(), r.toString());
        assertEquals("state\n", Files.readString(data.resolve("f")));
    }

    @Test
    void productionRefusesTheNetworkServiceTrioWithoutPins(@TempDir Path data) throws Exception {
        Nucleus.Result r = run(concat(production(data), trio("network-service", false)), "echo ran");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertTrue(r.err().contains("sha256"), r.toString());
    }

    @Test
    void productionRefusesTheCodingAgentLandlockPolicyForItsWritableExecutableWorkspace(@TempDir Path data)
            throws Exception {
        String name = "coding-agent.landlock.toml";
        Nucleus.Result r = run(concat(production(data), List.of("--landlock-policy", config(name),
                "--landlock-policy-sha256", sha256(name))), "echo ran");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("write and execute on /workspace"), r.toString());
    }

    @Test
    void theCodingAgentTrioRunsInAgentModeWithAWorkspace(@TempDir Path ws) throws Exception {
        Nucleus.Result r = run(concat(List.of("--workspace", ws.toString(), "--workspace-exec"),
                        trio("coding-agent", true)),
                "echo ok; unshare -U true 2>/dev/null; echo unshare=$?; "
                        + "grep -e '^CapEff' -e '^CapBnd' -e '^Seccomp:' /proc/self/status; "
                        + "python3 -c 'import ctypes; l = ctypes.CDLL(None, use_errno=True)\n"
                        // keyctl, bpf, ptrace, io_uring_setup: EPERM by name; memfd_create: the ENOSYS default
                        + "for name, nr in ((\"keyctl\", 250), (\"bpf\", 321), (\"ptrace\", 101), (\"io_uring_setup\", 425), "
                        + "(\"memfd_create\", 319)):\n"
                        + "    print(name, l.syscall(nr, 0, 0, 0, 0, 0), ctypes.get_errno())'; "
                        + "echo home > /home/agent/h && cat /home/agent/h; "
                        + "echo x > /etc/nucleus-test 2>/dev/null || echo etc-refused; "
                        + "cd /workspace && printf '#!/bin/sh\\necho script-ran\\n' > tool.sh && chmod +x tool.sh && ./tool.sh");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("ok",
                        "unshare=1", // EPERM, the shell goes on
                        "CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "Seccomp:\t2",
                        "keyctl -1 1", "bpf -1 1", "ptrace -1 1", "io_uring_setup -1 1", "memfd_create -1 38",
                        "home", "etc-refused", "script-ran"),
                r.out().lines().toList(), r.toString());
    }

    @Test
    void compilersGitNodeAndTimeoutWorkUnderTheCodingAgentTrio(@TempDir Path ws) throws Exception {
        for (String tool : List.of("/usr/bin/gcc", "/usr/bin/git", "/usr/bin/node", "/usr/bin/timeout")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
        }
        Files.writeString(ws.resolve("hello.c"), "#include <stdio.h>\nint main(void) { puts(\"compiled\"); return 0; }\n");
        Nucleus.Result r = run(concat(List.of("--workspace", ws.toString(), "--workspace-exec"),
                        trio("coding-agent", true)),
                "cd /workspace && gcc -o hello hello.c && ./hello; "
                        + "git init -q . && git add hello.c && git -c user.email=a@example.org -c user.name=a commit -qm init "
                        + "&& git log --format=%s; "
                        + "node -e 'console.log(\"node\", 6 * 7)'; "
                        + "timeout 5 sleep 0.1; echo timeout=$?");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("compiled", "init", "node 42", "timeout=0"), r.out().lines().toList(), r.toString());
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
