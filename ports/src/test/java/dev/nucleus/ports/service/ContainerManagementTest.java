package dev.nucleus.ports.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.lifecycle.ContainerState.Exit;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.in.ManageContainers.Usage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** list, kill, stop and stats over in-memory adapters ({@link ContainerManagementFixture}). */
class ContainerManagementTest extends ContainerManagementFixture {
    // ---------------------------------------------------------------- list and inspect

    @Test
    void listShowsOnlyLiveContainersUnlessAllAreAsked() throws Exception {
        ContainerState.Running web = run("web");
        ContainerState.Stopped done = stopped("done", 0);
        ContainerState.Failed broken = failed("broken");

        assertEquals(List.of(web.facts().id()), ids(management.list(false)));
        assertEquals(List.of(web.facts().id(), done.facts().id(), broken.facts().id()), ids(management.list(true)));
    }

    @Test
    void aRunningContainerWhoseProcessIsGoneShowsAsStoppedWithAnUnknownExit() throws Exception {
        ContainerState.Running web = run("web");
        processes.vanish(web.pid());

        ContainerState.Stopped seen = assertInstanceOf(ContainerState.Stopped.class, management.inspect("web"));

        assertEquals(Exit.UNKNOWN, seen.exit().code());
        assertEquals("exited (?)", seen.label());
        assertEquals(SECURITY, seen.security());
        assertEquals(List.of(), management.list(false));
        assertEquals(web, store.load(web.facts().id()).orElseThrow(), "observing does not rewrite the state");
    }

    @Test
    void aStoppingContainerWhoseProcessIsGoneShowsAsStopped() throws Exception {
        ContainerState.Running web = run("web");
        store.update(web.facts().id(), s -> ((ContainerState.Running) s).stopping());
        processes.vanish(web.pid());

        ContainerState.Stopped seen = assertInstanceOf(ContainerState.Stopped.class, management.inspect("web"));
        assertEquals(Exit.UNKNOWN, seen.exit().code());
    }

    @Test
    void aCreatedContainerWhoseProcessIsGoneShowsAsFailed() throws Exception {
        ContainerFacts f = facts("half");
        ContainerProcess p = processes.start();
        store.create(ContainerState.creating(f));
        store.update(f.id(), s -> ((ContainerState.Creating) s).created(p, cgroups.place(f.id())));
        assertInstanceOf(ContainerState.Created.class, management.inspect("half"));

        processes.vanish(p);

        ContainerState.Failed seen = assertInstanceOf(ContainerState.Failed.class, management.inspect("half"));
        assertTrue(seen.reason().contains("runtime ended"), seen.reason());
        assertEquals(List.of(), management.list(false));
    }

    @Test
    void anUnknownReferenceIsRefusedNamingIt() {
        ContainerCommandException e = assertThrows(ContainerCommandException.class, () -> management.inspect("nope"));
        assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
    }

    // ---------------------------------------------------------------- kill

    @Test
    void killSignalsTheProcessOfTheContainerMeantAndNoOther() throws Exception {
        ContainerState.Running web = run("web");
        ContainerState.Running db = run("db");

        management.kill("web", 10, OWNER);
        management.kill(db.facts().shortId(), 1, 0);

        assertEquals(List.of("SIG 10"), processes.signalsTo(web.pid()));
        assertEquals(List.of("SIG 1"), processes.signalsTo(db.pid()));
    }

    @Test
    void killRefusesAStoppedContainer() throws Exception {
        stopped("done", 0);
        ContainerState.Running crashed = run("crashed");
        processes.vanish(crashed.pid());

        ContainerCommandException e = assertThrows(ContainerCommandException.class,
                () -> management.kill("done", 9, OWNER));
        assertTrue(e.getMessage().contains("is not running (exited (0))"), e.getMessage());
        e = assertThrows(ContainerCommandException.class, () -> management.kill("crashed", 9, OWNER));
        assertTrue(e.getMessage().contains("is not running (exited (?))"), e.getMessage());
        assertEquals(List.of(), processes.log);
    }

    // ---------------------------------------------------------------- ownership

    @Test
    void onlyRootOrTheOwnerMayKillStopOrRemove() throws Exception {
        ContainerState.Running web = run("web");
        ContainerState.Stopped done = stopped("done", 0);
        Map<String, ContainerState> before = store.snapshot();

        List<ContainerCommandException> refusals = List.of(
                assertThrows(ContainerCommandException.class, () -> management.kill("web", 9, 1001)),
                assertThrows(ContainerCommandException.class, () -> management.stop("web", 1000, 1001)),
                assertThrows(ContainerCommandException.class, () -> management.remove("web", true, 1001)),
                assertThrows(ContainerCommandException.class, () -> management.remove("done", false, 1001)));

        for (ContainerCommandException e : refusals) {
            assertTrue(e.getMessage().contains("belongs to uid 1000"), e.getMessage());
        }
        assertEquals(List.of(), processes.log, "nothing was signalled");
        assertEquals(before, store.snapshot(), "nothing was changed");
        assertTrue(cgroups.exists(web.facts().id()));

        management.kill("web", 10, OWNER);
        management.kill("web", 12, 0);
        assertEquals(List.of("SIG 10", "SIG 12"), processes.signalsTo(web.pid()));
        management.remove(done.facts().id(), false, 0);
        assertEquals(Optional.empty(), store.load(done.facts().id()));
    }

    // ---------------------------------------------------------------- stop

    @Test
    void stopSendsTermRecordsStoppingAndSendsNoKillWhenTheProcessEndsInTime() throws Exception {
        ContainerState.Running web = run("web");
        List<ContainerState> seenAtExit = supervised(web);

        ContainerState after = management.stop("web", 5_000, OWNER);

        assertEquals(List.of(web.pid().pid() + " SIG 15", web.pid().pid() + " WAIT 5000"), processes.log);
        assertInstanceOf(ContainerState.Stopping.class, seenAtExit.getFirst(), "Stopping was recorded before TERM");
        ContainerState.Stopped stopped = assertInstanceOf(ContainerState.Stopped.class, after);
        assertEquals(143, stopped.exit().code());
        assertEquals(stopped, store.load(web.facts().id()).orElseThrow());
    }

    @Test
    void stopKillsAProcessThatOutlivesTheTimeout() throws Exception {
        ContainerState.Running web = run("web");
        List<ContainerState> seenAtExit = supervised(web);
        processes.get(web.pid()).ignoresTerm = true;

        ContainerState after = management.stop("web", 3_000, OWNER);

        long pid = web.pid().pid();
        assertEquals(List.of(pid + " SIG 15", pid + " WAIT 3000", pid + " SIG 9",
                pid + " WAIT " + ContainerManagement.KILL_WAIT_MILLIS), processes.log);
        assertInstanceOf(ContainerState.Stopping.class, seenAtExit.getFirst());
        assertEquals(137, assertInstanceOf(ContainerState.Stopped.class, after).exit().code());
    }

    @Test
    void stoppingAStoppedContainerSucceedsAndChangesNothing() throws Exception {
        ContainerState.Stopped done = stopped("done", 3);
        Map<String, ContainerState> before = store.snapshot();

        assertEquals(done, management.stop("done", 1_000, OWNER));
        assertEquals(done, management.stop("done", 1_000, OWNER));

        assertEquals(List.of(), processes.log);
        assertEquals(before, store.snapshot());
    }

    /** Its supervisor may be waiting to restart it (--restart on-failure): the stop must outlast the wait. */
    @Test
    void stoppingAStoppedContainerRecordsTheStopSoNoRestartFollows() throws Exception {
        ContainerState.Stopped done = stopped("flaky", 3);
        assertFalse(store.stopping(done.facts().id()));

        management.stop("flaky", 1_000, OWNER);

        assertTrue(store.stopping(done.facts().id()));
        assertFalse(store.restart(ContainerState.creating(done.facts())), "the supervisor's restart is refused");
        assertEquals(done, store.load(done.facts().id()).orElseThrow());
    }

    @Test
    void aSecondStopOfAContainerStoppedByTheFirstSendsNothing() throws Exception {
        ContainerState.Running web = run("web");
        supervised(web);
        ContainerState first = management.stop("web", 1_000, OWNER);
        List<String> signalled = List.copyOf(processes.log);
        Map<String, ContainerState> before = store.snapshot();

        assertEquals(first, management.stop("web", 1_000, OWNER));
        assertEquals(signalled, processes.log);
        assertEquals(before, store.snapshot());
    }

    // ---------------------------------------------------------------- stats

    private static ResourceStats usage(long cpu, long memory) {
        return new ResourceStats(Optional.of(cpu), Optional.of(memory), Optional.of(1L << 30), Optional.empty(),
                Optional.of(3L), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(0L));
    }

    @Test
    void statsReportLiveContainersWithACgroupWithoutDisturbingThem() throws Exception {
        ContainerState.Running web = run("web");
        ContainerState.Running db = run("db");
        cgroups.stats.put(web.facts().id(), usage(1_000, 2_048));
        cgroups.stats.put(db.facts().id(), usage(5_000, 4_096));
        stopped("done", 0);
        ContainerState.Running crashed = run("crashed");
        processes.vanish(crashed.pid());
        ContainerFacts bare = facts("bare");
        ContainerProcess bareProcess = processes.start();
        store.create(ContainerState.creating(bare));
        store.update(bare.id(), s -> ((ContainerState.Creating) s).created(bareProcess, CgroupPlacement.NONE));

        List<Usage> all = management.stats(Optional.empty());

        assertEquals(List.of(web.facts().id(), db.facts().id()), all.stream().map(u -> u.container().facts().id())
                .toList());
        assertEquals(usage(1_000, 2_048), all.get(0).stats());
        assertEquals(usage(5_000, 4_096), all.get(1).stats());
        assertEquals(List.of(), cgroups.closed, "reading statistics must not empty and remove the cgroup");
        assertTrue(processes.alive(web.pid()) && processes.alive(db.pid()));

        List<Usage> one = management.stats(Optional.of("db"));
        assertEquals(1, one.size());
        assertEquals(usage(5_000, 4_096), one.getFirst().stats());
    }

    /**
     * A gVisor sandbox's cgroup is runsc's: recorded as observed, stats reads it, and rm leaves it
     * to runsc (emptying it would kill runsc's processes under it), also after its runtime died.
     */
    @Test
    void anObservedCgroupIsReadForStatsAndNeverEmptiedOrRemovedByRm() throws Exception {
        ContainerFacts f = facts("sandbox");
        ContainerProcess p = processes.start();
        store.create(ContainerState.creating(f));
        store.update(f.id(), s -> ((ContainerState.Creating) s).created(p, CgroupPlacement.observedOnly(
                "/nucleus/" + f.id(), Map.of("memory", "/sys/fs/cgroup/memory/nucleus/" + f.id()))));
        store.update(f.id(), s -> ((ContainerState.Created) s).started(SECURITY, 7));
        cgroups.stats.put(f.id(), usage(9_000, 8_192));

        assertEquals(usage(9_000, 8_192), management.stats(Optional.of("sandbox")).getFirst().stats());
        assertEquals(List.of(f.id()), management.stats(Optional.empty()).stream()
                .map(u -> u.container().facts().id()).toList());
        assertEquals(List.of(), cgroups.closed, "reading statistics must not empty and remove the cgroup");

        cgroups.reopened.clear();
        processes.vanish(p); // its runtime died before it could record the end
        management.remove("sandbox", true, OWNER);
        assertEquals(List.of(), cgroups.reopened, "rm never reopens an observed cgroup to empty and remove it");
        assertEquals(List.of(), cgroups.closed);
        assertEquals(Optional.empty(), store.load(f.id()));
    }

    @Test
    void statsOfANamedContainerWithoutAProcessOrACgroupAreRefused() throws Exception {
        stopped("done", 0);
        ContainerFacts bare = facts("bare");
        ContainerProcess bareProcess = processes.start();
        store.create(ContainerState.creating(bare));
        store.update(bare.id(), s -> ((ContainerState.Creating) s).created(bareProcess, CgroupPlacement.NONE));

        ContainerCommandException e = assertThrows(ContainerCommandException.class,
                () -> management.stats(Optional.of("done")));
        assertTrue(e.getMessage().endsWith("is exited (0): no statistics"), e.getMessage());
        e = assertThrows(ContainerCommandException.class, () -> management.stats(Optional.of("bare")));
        assertTrue(e.getMessage().endsWith("is created without a cgroup: no statistics"), e.getMessage());
        assertEquals(List.of(), cgroups.reopened);
    }

    @Test
    void aCgroupThatCannotBeReopenedIsReportedForItsContainer() throws Exception {
        ContainerFacts f = facts("odd");
        ContainerProcess p = processes.start();
        store.create(ContainerState.creating(f));
        store.update(f.id(), s -> ((ContainerState.Creating) s).created(p,
                new CgroupPlacement("/elsewhere", Map.of("cgroup2", "/sys/fs/cgroup/elsewhere"))));

        ContainerCommandException e = assertThrows(ContainerCommandException.class,
                () -> management.stats(Optional.of("odd")));
        assertTrue(e.getMessage().startsWith("container " + f.shortId() + ": "), e.getMessage());
    }
}
