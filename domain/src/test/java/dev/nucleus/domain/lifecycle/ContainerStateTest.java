package dev.nucleus.domain.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.ContainerState.Created;
import dev.nucleus.domain.lifecycle.ContainerState.Creating;
import dev.nucleus.domain.lifecycle.ContainerState.Exit;
import dev.nucleus.domain.lifecycle.ContainerState.Failed;
import dev.nucleus.domain.lifecycle.ContainerState.Running;
import dev.nucleus.domain.lifecycle.ContainerState.Stopped;
import dev.nucleus.domain.lifecycle.ContainerState.Stopping;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lifecycle's states: what each shows, and what each transition carries along. */
class ContainerStateTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";

    private final ContainerFacts facts = new ContainerFacts(ID, "web", 1000, 1_700_000_000_000L,
            List.of("/bin/sh", "-c", "sleep 1"), "standard", "native", "/srv/rootfs", false,
            Map.of("dev.nucleus.mode", "standard"));
    private final ContainerProcess pid = new ContainerProcess(4242, 987_654);
    private final CgroupPlacement cgroup = new CgroupPlacement("/nucleus/" + ID,
            Map.of("cgroup2", "/sys/fs/cgroup/nucleus/" + ID));
    private final SecurityStatus security = new SecurityStatus(Optional.empty(), Optional.empty(),
            new SecurityStatus.Capabilities(List.of("CHOWN"), List.of("CHOWN", "KILL")), true, Optional.of(77L));

    private final Creating creating = ContainerState.creating(facts);
    private final Created created = creating.created(pid, cgroup);
    private final Running running = created.started(security, 1_700_000_000_500L);
    private final Stopping stopping = running.stopping();
    private final Exit exit = new Exit(0, 1_700_000_001_000L, false);
    private final Stopped stopped = running.exited(exit);

    @Test
    void creatingHasNoProcessAndCannotBeRemoved() {
        assertEquals("creating", creating.ociStatus());
        assertEquals("creating", creating.label());
        assertEquals(Optional.empty(), creating.process());
        assertFalse(creating.removable());
        assertSame(facts, creating.facts());
    }

    @Test
    void createdHasItsProcessAndCannotBeRemoved() {
        assertEquals("created", created.ociStatus());
        assertEquals("created", created.label());
        assertEquals(Optional.of(pid), created.process());
        assertFalse(created.removable());
    }

    @Test
    void runningHasItsProcessAndCannotBeRemoved() {
        assertEquals("running", running.ociStatus());
        assertEquals("running", running.label());
        assertEquals(Optional.of(pid), running.process());
        assertFalse(running.removable());
    }

    @Test
    void stoppingIsRunningToOciButShowsAsStoppingAndKeepsItsProcess() {
        assertEquals("running", stopping.ociStatus());
        assertEquals("stopping", stopping.label());
        assertEquals(Optional.of(pid), stopping.process());
        assertFalse(stopping.removable());
        assertSame(facts, stopping.facts());
    }

    @Test
    void stoppedHasNoProcessAndCanBeRemoved() {
        assertEquals("stopped", stopped.ociStatus());
        assertEquals("exited (0)", stopped.label());
        assertEquals(Optional.empty(), stopped.process());
        assertTrue(stopped.removable());
    }

    @Test
    void failedHasNoProcessAndCanBeRemoved() {
        Failed failed = created.failed("mount failed");
        assertEquals("stopped", failed.ociStatus());
        assertEquals("failed", failed.label());
        assertEquals(Optional.empty(), failed.process());
        assertTrue(failed.removable());
    }

    @Test
    void aStoppedLabelShowsTheExitCodeOrAQuestionMarkWhenNobodyRecordedIt() {
        assertEquals("exited (137)", running.exited(new Exit(137, 5, true)).label());
        assertEquals("exited (?)", running.exited(new Exit(Exit.UNKNOWN, 0, false)).label());
    }

    @Test
    void createdCarriesTheFactsPidAndCgroup() {
        Created c = assertInstanceOf(Created.class, creating.created(pid, cgroup));
        assertSame(facts, c.facts());
        assertEquals(pid, c.pid());
        assertEquals(cgroup, c.cgroup());
    }

    @Test
    void startedCarriesEverythingCreatedHadPlusSecurityAndStartTime() {
        Running r = assertInstanceOf(Running.class, created.started(security, 1234L));
        assertSame(facts, r.facts());
        assertEquals(pid, r.pid());
        assertEquals(cgroup, r.cgroup());
        assertSame(security, r.security());
        assertEquals(1234L, r.startedMillis());
    }

    @Test
    void stoppingWrapsTheRunningState() {
        Stopping s = assertInstanceOf(Stopping.class, running.stopping());
        assertEquals(running, s.running());
    }

    @Test
    void exitedKeepsFactsSecurityStartTimeAndTheExit() {
        Stopped s = assertInstanceOf(Stopped.class, running.exited(exit));
        assertSame(facts, s.facts());
        assertSame(security, s.security());
        assertEquals(1_700_000_000_500L, s.startedMillis());
        assertEquals(exit, s.exit());
    }

    @Test
    void exitingWhileStoppingIsTheSameAsExitingWhileRunning() {
        Exit killed = new Exit(143, 99, false);
        assertEquals(running.exited(killed), stopping.exited(killed));
    }

    @Test
    void setupFailuresKeepTheFactsAndTheReason() {
        Failed fromCreating = assertInstanceOf(Failed.class, creating.failed("no such rootfs"));
        Failed fromCreated = assertInstanceOf(Failed.class, created.failed("seccomp refused"));
        assertSame(facts, fromCreating.facts());
        assertEquals("no such rootfs", fromCreating.reason());
        assertSame(facts, fromCreated.facts());
        assertEquals("seccomp refused", fromCreated.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF",
            "0123456789abcdef0123456789abcdeg", "0123456789abcdef0123456789abcdef0", "web",
            "../../../../etc/passwd000000000000"})
    void factsRefuseAnIdThatIsNot32LowerCaseHexDigits(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ContainerFacts(id, "x",
                0, 0, List.of(), "standard", "native", "/", true, Map.of()));
        assertTrue(e.getMessage().contains("'" + id + "'"), e.getMessage());
    }

    @Test
    void theShortIdIsTheFirst12Digits() {
        assertEquals("0123456789ab", facts.shortId());
    }

    @Test
    void aGivenNameIsShownAndAGeneratedOneIsNot() {
        assertEquals(Optional.of("web"), facts.givenName());
        ContainerFacts unnamed = new ContainerFacts(ID, "0123456789ab", 0, 0, List.of(), "standard", "native", "/",
                true, Map.of());
        assertEquals(Optional.empty(), unnamed.givenName());
    }

    @Test
    void factsAndPlacementsCopyWhatTheyAreGiven() {
        List<String> command = new ArrayList<>(List.of("/bin/true"));
        Map<String, String> annotations = new HashMap<>(Map.of("dev.nucleus.mode", "standard"));
        Map<String, String> directories = new HashMap<>(Map.of("memory", "/sys/fs/cgroup/memory/x"));
        ContainerFacts f = new ContainerFacts(ID, "web", 0, 0, command, "standard", "native", "/", false,
                annotations);
        CgroupPlacement p = new CgroupPlacement("/x", directories);

        command.add("--evil");
        annotations.put("dev.nucleus.mode", "privileged");
        directories.put("pids", "/sys/fs/cgroup/pids/x");

        assertEquals(List.of("/bin/true"), f.command());
        assertEquals(Map.of("dev.nucleus.mode", "standard"), f.annotations());
        assertEquals(Map.of("memory", "/sys/fs/cgroup/memory/x"), p.directories());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void aProcessHasAPositivePid(long bad) {
        assertThrows(IllegalArgumentException.class, () -> new ContainerProcess(bad, 1));
    }
}
