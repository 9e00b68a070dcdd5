package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.spec.LockdownLevel;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelLockdownTest {
    @TempDir
    Path tmp;

    private static KernelLockdown.Source file(String text) {
        return () -> Optional.of(text);
    }

    @Test
    void theBracketedLevelIsCurrent() {
        assertEquals("integrity", KernelLockdown.current("none [integrity] confidentiality\n"));
        assertEquals("none", KernelLockdown.current("[none] integrity confidentiality\n"));
    }

    @Test
    void confidentialityMeetsIntegrityButNotTheOtherWayRound() throws IOException {
        KernelLockdown.Source conf = file("none integrity [confidentiality]\n");
        assertDoesNotThrow(() -> KernelLockdown.require(Optional.of(LockdownLevel.INTEGRITY), conf));
        KernelLockdown.Source integ = file("none [integrity] confidentiality\n");
        LaunchFailedException e = assertThrows(LaunchFailedException.class,
                () -> KernelLockdown.require(Optional.of(LockdownLevel.CONFIDENTIALITY), integ));
        assertTrue(e.getMessage().contains("'integrity'"), e.getMessage());
        assertThrows(LaunchFailedException.class,
                () -> KernelLockdown.require(Optional.of(LockdownLevel.INTEGRITY), file("[none] integrity\n")));
    }

    @Test
    void withoutTheLsmOrWithoutAccessNoLevelIsMet() {
        LaunchFailedException none = assertThrows(LaunchFailedException.class,
                () -> KernelLockdown.require(Optional.of(LockdownLevel.INTEGRITY), Optional::empty));
        assertTrue(none.getMessage().contains("no lockdown LSM"), none.getMessage());
        LaunchFailedException denied = assertThrows(LaunchFailedException.class,
                () -> KernelLockdown.require(Optional.of(LockdownLevel.INTEGRITY), () -> {
                    throw new IOException("mount: Operation not permitted");
                }));
        assertTrue(denied.getMessage().contains("cannot read the kernel's lockdown level"), denied.getMessage());
        assertDoesNotThrow(() -> KernelLockdown.require(Optional.empty(), Optional::empty));
    }

    /**
     * This machine: securityfs is not mounted (the kernel is at lockdown integrity). Reading mounts
     * securityfs in a private namespace and leaves the host's mounts alone; what it finds matches
     * util-linux's unshare + mount doing the same by hand.
     */
    @Test
    @org.junit.jupiter.api.Tag("root")
    void theKernelIsReadThroughAPrivateSecurityfsMount() throws Exception {
        String before = Files.readString(Path.of("/proc/self/mountinfo"));
        Optional<String> text = KernelLockdown.KERNEL.read();
        assertEquals(before, Files.readString(Path.of("/proc/self/mountinfo")), "the host's mounts are unchanged");
        Process oracle = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mountpoint -q /sys/kernel/security || mount -t securityfs securityfs /sys/kernel/security || exit 9;"
                        + " cat /sys/kernel/security/lockdown 2>/dev/null || echo NONE").redirectErrorStream(true).start();
        String expected = new String(oracle.getInputStream().readAllBytes());
        assertEquals(0, oracle.waitFor(), expected);
        assertEquals(expected.equals("NONE\n") ? Optional.empty() : Optional.of(expected), text);
    }
}
