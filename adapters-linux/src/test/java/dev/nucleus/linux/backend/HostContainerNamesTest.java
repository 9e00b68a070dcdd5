package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.ContainerNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names are unique among every container the store knows, whatever its state; a clash is exit 2. */
class HostContainerNamesTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final SecurityStatus SECURITY = new SecurityStatus(Optional.empty(), Optional.empty(),
            new SecurityStatus.Capabilities(List.of(), List.of()), true, Optional.empty());

    @TempDir
    Path base;
    FileStateStore store;
    HostContainerNames names;

    @BeforeEach
    void setUp() {
        store = new FileStateStore(base);
        names = new HostContainerNames(base, store);
    }

    private static ContainerState.Running running(String name, ContainerProcess process) {
        ContainerFacts facts = new ContainerFacts(ID, name, 0, 1, List.of("/bin/sleep", "9"), "agent", "native", "/",
                false, Map.of());
        return ContainerState.creating(facts).created(process, new CgroupPlacement("/nucleus/" + ID, Map.of()))
                .started(SECURITY, 2);
    }

    /** A process that certainly is not the recorded one: its runtime died, nobody recorded the end. */
    private static ContainerProcess gone() {
        return new ContainerProcess(ProcessHandle.current().pid(), 1);
    }

    private void assertNoClaimLeft(String name) {
        assertFalse(Files.exists(base.resolve("names").resolve(name)), "a refused launch leaves no claim");
    }

    @Test
    void anUnnamedContainersDefaultNameIsTaken() throws Exception {
        String defaultName = ID.substring(0, 12);
        store.create(running(defaultName, gone()).exited(new ContainerState.Exit(0, 3, false)));
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> names.claim(defaultName, false));
        assertTrue(e.getMessage().contains("a container named '" + defaultName + "' exists (exited (0), "
                + defaultName + "); remove it with 'nucleus rm " + defaultName + "'"), e.getMessage());
        assertNoClaimLeft(defaultName);
    }

    @Test
    void aContainerWhoseRuntimeDiedKeepsItsName() throws Exception {
        store.create(running("crash2", gone()));
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> names.claim("crash2", false));
        assertTrue(e.getMessage().contains("a container named 'crash2' exists (exited (?), " + ID.substring(0, 12)
                + "); remove it with 'nucleus rm crash2'"), e.getMessage());
        assertNoClaimLeft("crash2");
    }

    @Test
    void aLiveClaimRefusesASecondLaunchNamingTheHolder() throws Exception {
        try (ContainerNames.Claim first = names.claim("web", false)) {
            store.create(running("web", new ContainerProcess(ProcessHandle.current().pid(),
                    dev.nucleus.linux.state.ProcStart.of(ProcessHandle.current().pid()).orElseThrow())));
            PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> names.claim("web", false));
            assertTrue(e.getMessage().startsWith("a container named 'web' is already running; choose another --name,"
                    + " or remove it (" + ID.substring(0, 12) + ") first with 'nucleus rm --force web'"), e.getMessage());
        }
    }

    @Test
    void aRestartFindsOnlyItsOwnStateAndAFreeNameIsClaimedAndReleased() throws Exception {
        store.create(running("flaky", gone()).exited(new ContainerState.Exit(3, 3, false)));
        names.claim("flaky", true).close();
        try (ContainerNames.Claim free = names.claim("free", false)) {
            assertTrue(Files.isDirectory(base.resolve("names").resolve("free")));
        }
        assertNoClaimLeft("free");
    }
}
