package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --seccomp-profile} with Docker's own default.json, through the real bin/nucleus. */
@Tag("root")
class SeccompProfileIT {
    private static final Path DOCKER_DEFAULT = dockerDefault();

    static Path dockerDefault() {
        for (Path candidate : List.of(Nucleus.REPO.resolve("../shared/testdata/seccomp/docker-default.json"),
                Path.of("/work/shared/testdata/seccomp/docker-default.json"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        throw new AssertionError("shared/testdata/seccomp/docker-default.json not found beside the clone");
    }

    private static Nucleus.Result sh(String script, String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("run"));
        args.addAll(List.of(flags));
        args.addAll(List.of("--", "/bin/sh", "-c", script));
        return Nucleus.run(args.toArray(String[]::new));
    }

    @Test
    void dockerDefaultRunsAShellAndRefusesNamespacesMountAndKeyrings() {
        Nucleus.Result r = sh("echo ok; unshare -U true; echo unshare=$?; mount -t tmpfs none /tmp; echo mount=$?; "
                + "python3 -c 'import ctypes; l = ctypes.CDLL(None, use_errno=True); "
                + "print(\"keyctl\", l.syscall(250, 0, -3, 0, 0, 0), ctypes.get_errno())'; "
                + "grep '^Seccomp:' /proc/self/status",
                "--seccomp-profile", DOCKER_DEFAULT.toString());
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("ok", lines.getFirst(), r.toString());
        assertFalse(r.out().contains("unshare=0"), "unshare is refused: " + r);
        assertFalse(r.out().contains("mount=0"), "mount is refused: " + r);
        // keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING) answers EPERM, the profile's defaultErrnoRet
        assertTrue(r.out().contains("keyctl -1 1\n"), "keyctl is refused with EPERM: " + r);
        assertTrue(r.out().contains("Seccomp:\t2"), r.toString());
    }

    @Test
    void theProfilesDefaultActionIsHonoured(@TempDir Path dir) throws IOException {
        // Docker's default answers unknown calls with EPERM instead of killing: getpid still works, and a
        // profile whose default is ERRNO(EACCES) for uname makes uname(1) fail rather than die.
        String json = Files.readString(DOCKER_DEFAULT).replaceFirst("\"uname\",", "");
        Path profile = Files.writeString(dir.resolve("no-uname.json"), json);
        Nucleus.Result r = sh("uname -s; echo uname=$?", "--seccomp-profile", profile.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("uname=1"), "uname falls to the default ERRNO: " + r);
        assertTrue(r.err().contains("Operation not permitted"), r.toString());
    }

    @Test
    void aWrongPinExitsTwoNamingBothDigests() throws Exception {
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(DOCKER_DEFAULT)));
        String wrong = "0".repeat(64);
        Nucleus.Result r = Nucleus.run("run", "--seccomp-profile", DOCKER_DEFAULT.toString(),
                "--seccomp-profile-sha256", wrong, "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().startsWith("nucleus run: "), r.toString());
        assertTrue(r.err().contains(DOCKER_DEFAULT.toString()) && r.err().contains(wrong) && r.err().contains(actual),
                r.toString());

        Nucleus.Result ok = Nucleus.run("run", "--seccomp-profile", DOCKER_DEFAULT.toString(),
                "--seccomp-profile-sha256", actual, "--", "/bin/true");
        assertEquals(0, ok.exit(), ok.toString());
    }

    @Test
    void aMalformedProfileExitsTwoNamingTheJsonPath(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                  {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_FOO"}]}
                ]}
                """);
        Nucleus.Result r = Nucleus.run("run", "--seccomp-profile", bad.toString(), "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("bad.json") && r.err().contains("syscalls[0].args[0].op: unknown operator 'SCMP_CMP_FOO'"),
                r.toString());
    }
}
