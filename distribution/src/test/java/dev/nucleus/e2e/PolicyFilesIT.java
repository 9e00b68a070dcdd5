package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** --caps-policy and --landlock-policy through the real binary. */
@Tag("root")
class PolicyFilesIT {
    static Path dir;
    static Path rootfs;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Nucleus.tempDir("nucleus-policies");
        rootfs = Nucleus.tempDir("nucleus-rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "true", "grep")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        rootfs = NixStore.attestedRootfs(rootfs); // production runs a rootfs from the Nix store
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void aCapsPolicyKeepsNetBindServiceInsideTheContainer() throws Exception {
        Path caps = write("bind.caps.toml", "[bounding]\nkeep = [\"net_bind_service\"]\n"
                + "[effective]\nkeep = [\"CAP_NET_BIND_SERVICE\"]\n");
        Nucleus.Result r = Nucleus.run("run", "--caps-policy", caps.toString(), "--", "/bin/sh", "-c",
                "grep Cap /proc/self/status");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("CapEff:\t0000000000000400"), r.out());
        assertTrue(r.out().contains("CapPrm:\t0000000000000400"), r.out());
        assertTrue(r.out().contains("CapBnd:\t0000000000000400"), r.out());
    }

    @Test
    void anUnknownCapabilityNameExits2WithTheNearestName() throws Exception {
        Path caps = write("typo.caps.toml", "[bounding]\nkeep = [\"NET_BIND_SERVIC\"]\n");
        Nucleus.Result r = Nucleus.run("run", "--caps-policy", caps.toString(), "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("\"NET_BIND_SERVIC\"") && r.err().contains("CAP_NET_BIND_SERVICE"), r.err());
    }

    @Test
    void productionRefusesAPolicyKeepingSysAdmin() throws Exception {
        Path caps = write("admin.caps.toml", "[bounding]\nkeep = [\"SYS_ADMIN\"]\n");
        Nucleus.Result r = Nucleus.run("run", "--service-mode", "production", "--trust-level", "trusted",
                "--memory", "64M", "--cpus", "1", "--verify-rootfs-attestation", "--rootfs", rootfs.toString(),
                "--caps-policy", caps.toString(),
                "--caps-policy-sha256", sha256(caps), "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("CAP_SYS_ADMIN"), r.err());
    }

    @Test
    void aLandlockPolicyReplacesTheDefaultsSoTheHomeIsNotWritable() throws Exception {
        Path landlock = write("tight.landlock.toml", "min_abi = 1\n"
                + "[[rules]]\npath = \"/usr\"\naccess = [\"read\", \"readdir\", \"execute\"]\n"
                + "[[rules]]\npath = \"/tmp\"\naccess = [\"read\", \"readdir\", \"write\", \"create\", \"remove\", \"truncate\"]\n");
        Nucleus.Result r = Nucleus.run("run", "--landlock-policy", landlock.toString(), "--", "/bin/sh", "-c",
                "echo ok > /tmp/t && cat /tmp/t; if echo x > /home/agent/f 2>/dev/null; then echo home-writable; "
                        + "else echo home-denied; fi");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("ok", "home-denied"), r.out().lines().toList(), r.toString());
    }

    @Test
    void aLandlockPolicyAboveTheKernelsAbiIsRefused() throws Exception {
        Path landlock = write("future.landlock.toml", "min_abi = 99\n");
        Nucleus.Result r = Nucleus.run("run", "--landlock-policy", landlock.toString(), "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("requires ABI 99"), r.err());
    }

    @Test
    void aWrongPinExits2PrintingBothDigests() throws Exception {
        Path caps = write("pinned.caps.toml", "[bounding]\nkeep = []\n");
        String wrong = "0".repeat(64);
        Nucleus.Result r = Nucleus.run("run", "--caps-policy", caps.toString(), "--caps-policy-sha256", wrong,
                "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(wrong) && r.err().contains(sha256(caps)), r.err());
    }
}
