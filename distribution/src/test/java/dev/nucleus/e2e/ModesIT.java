package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** strict-agent and production as they really run, with cgroup limits enforced. */
@Tag("root")
class ModesIT {
    static Path rootfs;

    /** A minimal busybox rootfs (busybox-static is installed by scripts/setup.sh). */
    @BeforeAll
    static void busyboxRootfs() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "cat", "grep", "sleep", "wc", "echo", "ls", "id", "head", "tail")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        rootfs = NixStore.attestedRootfs(rootfs); // production runs a rootfs from the Nix store
    }

    @Test
    void strictAgentAsRootRunsInAUserNamespaceWithRootRemapped() {
        Nucleus.Result r = Nucleus.run("run", "--strict-agent", "--trust-level", "trusted", "--", "/bin/sh", "-c",
                "cat /proc/self/uid_map; id -u; grep CapEff /proc/self/status");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("\\s*0\\s+100000\\s+65536\\n0\\nCapEff:\\t0000000000000000\\n"), r.out());
    }

    @Test
    void productionRunsUnderTheMiniInitWhichReapsOrphans() {
        Nucleus.Result r = Nucleus.run("run", "--service-mode", "production", "--trust-level", "trusted",
                "--memory", "64M", "--cpus", "1", "--verify-rootfs-attestation", "--rootfs", rootfs.toString(), "--",
                "/bin/sh", "-c",
                "echo pid=$$; (sleep 0.2 &); sleep 0.6; "
                        + "echo zombies=$(cat /proc/[0-9]*/stat 2>/dev/null | grep -c '^[0-9]* ([^)]*) Z'); "
                        + "grep ' /proc ' /proc/mounts");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("pid=2", lines.get(0), "PID 1 is the mini-init");
        assertEquals("zombies=0", lines.get(1));
        assertTrue(lines.get(2).contains("hidepid=invisible") || lines.get(2).contains("hidepid=2"), r.out());
    }

    @Test
    void productionPassesTheWorkloadsExitStatusThroughTheMiniInit() {
        Nucleus.Result r = Nucleus.run("run", "--service-mode", "production", "--trust-level", "trusted",
                "--memory", "64M", "--cpus", "1", "--verify-rootfs-attestation", "--rootfs", rootfs.toString(), "--",
                "/bin/sh", "-c", "exit 7");
        assertEquals(7, r.exit(), r.toString());
    }

    @Test
    void aSymlinkPlantedInTheRootfsCannotRedirectAMountOntoTheHost() throws IOException {
        Path victim = Nucleus.tempDir("nucleus-victim");
        Path evilRoot = Nucleus.tempDir("nucleus-evil-rootfs");
        Files.createDirectories(evilRoot.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), evilRoot.resolve("bin/busybox"));
        Files.createSymbolicLink(evilRoot.resolve("bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(evilRoot.resolve("data"), victim);
        Path source = Nucleus.tempDir("nucleus-volume");
        Nucleus.Result r = Nucleus.run("run", "--rootfs", evilRoot.toString(), "-v", source + ":/data/evil", "--",
                "/bin/sh", "-c", "true");
        // refused by name before anything is made (the shim, which follows no link, would fail at it: 125)
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("the rootfs's /data is a symbolic link (to " + victim + ")"), r.toString());
        try (var s = Files.list(victim)) {
            assertEquals(0, s.count(), "nothing was created through the planted link");
        }
    }

    @Test
    void aFileCanBeAVolume() throws IOException {
        Path file = Files.writeString(Nucleus.tempFile("nucleus-vol", ".txt"), "file volume\n");
        Nucleus.Result r = Nucleus.run("run", "-v", file + ":/data/config.txt:ro", "--", "/bin/sh", "-c",
                "cat /data/config.txt; echo x > /data/config.txt 2>/dev/null || echo ro");
        assertEquals("file volume\nro\n", r.out(), r.toString());
    }

    @Test
    void theMemoryLimitIsEnforced() {
        Nucleus.Result r = Nucleus.run("run", "--memory", "32M", "--", "/bin/sh", "-c",
                "head -c 200M /dev/zero | tail > /dev/null; echo status=$?");
        // The OOM killer picks its victim: tail (the shell then reports 137) or the shell itself.
        boolean tailKilled = r.exit() == 0 && r.out().equals("status=137\n");
        assertTrue(tailKilled || r.exit() == 137, "killed by the OOM killer under a 32M limit: " + r);
    }

    @Test
    void thePidsLimitIsEnforced() {
        String script = "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 1 & done; echo survived";
        Nucleus.Result limited = Nucleus.run("run", "--pids", "8", "--", "/bin/sh", "-c", script);
        assertEquals(2, limited.exit(), limited.toString());
        assertTrue(limited.err().contains("Cannot fork"), "pids.max 8 stops the 9th process: " + limited);
        Nucleus.Result roomy = Nucleus.run("run", "--pids", "64", "--", "/bin/sh", "-c", script);
        assertEquals("survived\n", roomy.out(), roomy.toString());
    }
}
