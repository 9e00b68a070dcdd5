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

    private Path file(String text) throws IOException {
        return Files.writeString(tmp.resolve("lockdown"), text);
    }

    @Test
    void theBracketedLevelIsCurrent() {
        assertEquals("integrity", KernelLockdown.current("none [integrity] confidentiality\n"));
        assertEquals("none", KernelLockdown.current("[none] integrity confidentiality\n"));
    }

    @Test
    void confidentialityMeetsIntegrityButNotTheOtherWayRound() throws IOException {
        Path conf = file("none integrity [confidentiality]\n");
        assertDoesNotThrow(() -> KernelLockdown.require(Optional.of(LockdownLevel.INTEGRITY), conf));
        Path integ = file("none [integrity] confidentiality\n");
        LaunchFailedException e = assertThrows(LaunchFailedException.class,
                () -> KernelLockdown.require(Optional.of(LockdownLevel.CONFIDENTIALITY), integ));
        assertTrue(e.getMessage().contains("'integrity'"), e.getMessage());
        assertThrows(LaunchFailedException.class,
                () -> KernelLockdown.require(Optional.of(LockdownLevel.INTEGRITY), file("[none] integrity\n")));
    }

    @Test
    void aKernelWithoutTheLsmCannotMeetAnyLevel() {
        // This machine's kernel has no lockdown LSM: the real file is absent, and the launch must stop.
        assertThrows(LaunchFailedException.class,
                () -> KernelLockdown.require(Optional.of(LockdownLevel.INTEGRITY), tmp.resolve("absent")));
        assertDoesNotThrow(() -> KernelLockdown.require(Optional.empty(), tmp.resolve("absent")));
    }
}
