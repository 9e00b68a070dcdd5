package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code nucleus rootfs attest} and {@code run --verify-rootfs-attestation} through the real binary. */
@Tag("root")
class AttestationIT {
    Path rootfs;

    @BeforeEach
    void busyboxRootfs() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-attest");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/motd"), "attested\n");
    }

    /** The check is the flag's, in every mode (production requires the flag, and a rootfs from the Nix store). */
    private Nucleus.Result runVerified() {
        return Nucleus.run("run", "--rootfs", rootfs.toString(), "--verify-rootfs-attestation", "--", "/bin/sh", "-c",
                "echo ok");
    }

    @Test
    void anAttestedRootfsRunsAndATamperedOneIsRefused() throws IOException {
        Nucleus.Result attest = Nucleus.run("rootfs", "attest", rootfs.toString());
        assertEquals(0, attest.exit(), attest.toString());
        assertTrue(Files.readString(rootfs.resolve(".nucleus-rootfs-sha256")).contains("\tbin/sh\n"));
        Nucleus.Result check = Nucleus.run("rootfs", "attest", "--check", rootfs.toString());
        assertEquals(0, check.exit(), check.toString());

        Nucleus.Result ok = runVerified();
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("ok\n", ok.out(), ok.toString());

        Files.writeString(rootfs.resolve("etc/motd"), "tampered\n", StandardOpenOption.APPEND);
        Nucleus.Result refused = runVerified();
        assertEquals(2, refused.exit(), "a rootfs off its pinned digests is a policy violation: " + refused);
        assertTrue(refused.err().contains("1 changed (etc/motd)"), refused.err());
        assertTrue(refused.out().isEmpty(), refused.toString());

        Nucleus.Result after = Nucleus.run("rootfs", "attest", "--check", rootfs.toString());
        assertEquals(2, after.exit(), after.toString());
        assertTrue(after.out().contains("changed\tetc/motd"), after.toString());
    }

    @Test
    void aProductionContainerAsPlannedPassesTheMountAudit() {
        Path stored = NixStore.attestedRootfs(rootfs);
        Nucleus.Result r = Nucleus.run("run", "--service-mode", "production", "--trust-level", "trusted", "--memory",
                "64M", "--cpus", "1", "--verify-rootfs-attestation", "--rootfs", stored.toString(), "--", "/bin/sh", "-c",
                "busybox sleep 0.3; echo audited");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("audited\n", r.out(), r.toString());
    }

    @Test
    void missingAndExtraFilesAreNamed() throws IOException {
        assertEquals(0, Nucleus.run("rootfs", "attest", rootfs.toString()).exit());
        Files.delete(rootfs.resolve("etc/motd"));
        Files.writeString(rootfs.resolve("bin/implant"), "#!/bin/sh\n");
        Nucleus.Result refused = runVerified();
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("1 missing (etc/motd); 1 extra (bin/implant)"), refused.err());
    }

    @Test
    void aRootfsThatIsNotThereIsAnInvalidRequest() {
        for (String[] args : new String[][]{{"rootfs", "attest", rootfs + "-missing"},
                {"rootfs", "attest", "--check", rootfs + "-missing"}}) {
            Nucleus.Result r = Nucleus.run(args);
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains(rootfs + "-missing: no such directory"), r.err());
        }
    }

    /**
     * An absolute link leads where it leads inside the container: to the rootfs's own file (attested,
     * and run), never to the host's (/etc/shadow here is a link the rootfs cannot follow: dangling).
     */
    @Test
    void absoluteLinksAreAttestedAsTheContainerSeesThem() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("bin/ls2"), Path.of("/bin/busybox"));
        Files.createSymbolicLink(Files.createDirectories(rootfs.resolve("usr/bin")).resolve("echo"),
                Path.of("/bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("etc/shadow"), Path.of("/etc/shadow"));
        Nucleus.Result attest = Nucleus.run("rootfs", "attest", rootfs.toString());
        assertEquals(0, attest.exit(), attest.toString());
        String manifest = Files.readString(rootfs.resolve(".nucleus-rootfs-sha256"));
        assertTrue(manifest.contains("\tbin/ls2\n") && !manifest.contains("etc/shadow"), manifest);
        Nucleus.Result ok = Nucleus.run("run", "--rootfs", rootfs.toString(), "--verify-rootfs-attestation", "--",
                "/usr/bin/echo", "reached");
        assertEquals(0, ok.exit(), ok.toString());
        assertEquals("reached\n", ok.out(), ok.toString());

        Files.writeString(rootfs.resolve("bin/busybox"), "not busybox", StandardOpenOption.APPEND);
        Nucleus.Result refused = runVerified();
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("4 changed (bin/busybox, bin/ls2, bin/sh, usr/bin/echo)"), refused.err());
    }

    @Test
    void withoutARootfsOrAManifestTheFlagFails() throws IOException {
        Nucleus.Result noRootfs = Nucleus.run("run", "--verify-rootfs-attestation", "--", "/bin/true");
        assertEquals(2, noRootfs.exit(), noRootfs.toString());
        assertTrue(noRootfs.err().contains("needs --rootfs"), noRootfs.err());
        Nucleus.Result noManifest = runVerified();
        assertEquals(2, noManifest.exit(), noManifest.toString());
        assertTrue(noManifest.err().contains(".nucleus-rootfs-sha256 is missing"), noManifest.err());

        // A manifest that is a link (to a matching one elsewhere) is never followed, and said so.
        assertEquals(0, Nucleus.run("rootfs", "attest", rootfs.toString()).exit());
        Path elsewhere = Files.move(rootfs.resolve(".nucleus-rootfs-sha256"), rootfs.resolveSibling(
                rootfs.getFileName() + ".manifest"));
        try {
            Files.createSymbolicLink(rootfs.resolve(".nucleus-rootfs-sha256"), elsewhere);
            Nucleus.Result linked = runVerified();
            assertEquals(2, linked.exit(), linked.toString());
            assertTrue(linked.err().contains(".nucleus-rootfs-sha256 is not a regular file"), linked.err());
        } finally {
            Files.delete(elsewhere);
        }
    }

    /**
     * The kernel's lockdown level is read from securityfs, mounted privately when the host has not
     * mounted it (as here): the level this kernel is at is met, a stricter one refuses to start, and
     * the host's mounts stay as they were.
     */
    @Test
    void kernelLockdownIsReadAndEnforced() throws Exception {
        Process oracle = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mountpoint -q /sys/kernel/security || mount -t securityfs securityfs /sys/kernel/security;"
                        + " cat /sys/kernel/security/lockdown 2>/dev/null || echo NONE").start();
        String level = new String(oracle.getInputStream().readAllBytes()).strip();
        oracle.waitFor();
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        for (String wanted : new String[] {"integrity", "confidentiality"}) {
            Nucleus.Result r = Nucleus.run("run", "--require-kernel-lockdown", wanted, "--", "/bin/true");
            boolean met = level.contains("[confidentiality]") || level.contains("[" + wanted + "]");
            assertEquals(met ? 0 : 125, r.exit(), level + " / " + wanted + ": " + r);
            if (!met) {
                assertTrue(r.err().contains("--require-kernel-lockdown " + wanted + ": ")
                        && (r.err().contains("lockdown level '") || r.err().contains("no lockdown LSM")), r.err());
            }
        }
        assertEquals(mounts, Files.readString(Path.of("/proc/self/mountinfo")), "securityfs was mounted privately");
    }
}
