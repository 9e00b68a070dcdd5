package dev.nucleus.ports.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupParentAnnotation;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.lifecycle.ContainerState.Exit;
import dev.nucleus.domain.lifecycle.SupervisorAnnotations;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ManageContainers.Usage;
import dev.nucleus.ports.out.StateStore;
import dev.nucleus.ports.service.ManagementFakes.FakeCgroups;
import dev.nucleus.ports.service.ManagementFakes.FakeProcesses;
import dev.nucleus.ports.service.ManagementFakes.InMemoryStateStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

/** The management commands over in-memory adapters ({@link ManagementFakes}). */
class ContainerManagementTest {

    // ---------------------------------------------------------------- fixtures

    static final long OWNER = 1000;
    static final SecurityStatus SECURITY = new SecurityStatus(Optional.empty(), Optional.empty(),
            new SecurityStatus.Capabilities(List.of("CHOWN"), List.of("CHOWN")), true, Optional.empty());

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final FakeProcesses processes = new FakeProcesses();
    private final FakeCgroups cgroups = new FakeCgroups();
    private final ContainerManagement management = new ContainerManagement(store, processes, cgroups);
    private int created;

    private ContainerFacts facts(String name) {
        return facts(name, Map.of());
    }

    private ContainerFacts facts(String name, Map<String, String> annotations) {
        created++;
        String id = String.format("%02x", created).repeat(16);
        return new ContainerFacts(id, name, OWNER, created, List.of("/bin/sleep", "100"), "standard", "native", "/",
                false, annotations);
    }

    /** Creating → Created → Running in the store, as a foreground run records it, with a live process. */
    private ContainerState.Running run(String name) throws StateStoreException {
        return run(facts(name));
    }

    private ContainerState.Running run(ContainerFacts f) throws StateStoreException {
        ContainerProcess p = processes.start();
        CgroupPlacement cg = cgroups.place(f.id());
        store.create(ContainerState.creating(f));
        store.update(f.id(), s -> ((ContainerState.Creating) s).created(p, cg));
        return (ContainerState.Running) store.update(f.id(), s -> ((ContainerState.Created) s).started(SECURITY, 7));
    }

    /** As {@link #run}, and its runtime records the end as a live runtime does; returns what it saw then. */
    private List<ContainerState> supervised(ContainerState.Running r) {
        return supervised(r, false);
    }

    /** ... and, ephemeral (a foreground run without --keep), removes the state once it has recorded the end. */
    private List<ContainerState> supervised(ContainerState.Running r, boolean ephemeral) {
        List<ContainerState> seenAtExit = new ArrayList<>();
        processes.get(r.pid()).onExit = code -> {
            try {
                seenAtExit.add(store.load(r.facts().id()).orElseThrow());
                store.update(r.facts().id(), s -> switch (s) {
                    case ContainerState.Running run -> run.exited(new Exit(code, 9, false));
                    case ContainerState.Stopping st -> st.exited(new Exit(code, 9, false));
                    default -> s;
                });
                cgroups.removeAsRuntime(r.facts().id());
                if (ephemeral) {
                    store.remove(r.facts().id());
                }
            } catch (StateStoreException e) {
                throw new AssertionError(e);
            }
        };
        return seenAtExit;
    }

    private ContainerState.Stopped stopped(String name, int code) throws StateStoreException {
        ContainerState.Running r = run(name);
        supervised(r);
        processes.exit(r.pid(), code);
        return (ContainerState.Stopped) store.load(r.facts().id()).orElseThrow();
    }

    private ContainerState.Failed failed(String name) throws StateStoreException {
        ContainerFacts f = facts(name);
        store.create(ContainerState.creating(f));
        return (ContainerState.Failed) store.update(f.id(), s -> ((ContainerState.Creating) s).failed("no rootfs"));
    }

    private static List<String> ids(List<ContainerState> states) {
        return states.stream().map(s -> s.facts().id()).toList();
    }

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

    // ---------------------------------------------------------------- rm

    @Test
    void removingARunningContainerWithoutForceIsRefusedAndKeepsIt() throws Exception {
        ContainerState.Running web = run("web");

        ContainerCommandException e = assertThrows(ContainerCommandException.class,
                () -> management.remove("web", false, OWNER));

        assertTrue(e.getMessage().contains("is running: stop it first, or use rm --force"), e.getMessage());
        assertEquals(web, store.load(web.facts().id()).orElseThrow());
        assertEquals(List.of(), processes.log);
        assertTrue(cgroups.exists(web.facts().id()));
    }

    @Test
    void forcedRemovalKillsTheContainerThenRemovesItsState() throws Exception {
        ContainerState.Running web = run("web");
        List<ContainerState> seenAtExit = supervised(web);

        management.remove("web", true, OWNER);

        assertEquals(List.of("SIG 9"), processes.signalsTo(web.pid()));
        assertEquals(1, seenAtExit.size(), "the state was still there when it was killed");
        assertEquals(Optional.empty(), store.load(web.facts().id()));
        assertEquals(List.of(), management.list(true));
        assertFalse(cgroups.exists(web.facts().id()));
    }

    /** A detached container as its supervisor records it: its own process in the annotations. */
    private ContainerState.Running detached(String name, ContainerProcess supervisor) throws StateStoreException {
        return run(facts(name, SupervisorAnnotations.of("process", supervisor)));
    }

    @Test
    void forcedRemovalRecordsStoppingThenWaitsForTheSupervisorToFinish() throws Exception {
        ContainerProcess supervisor = processes.start();
        ContainerState.Running box = detached("box", supervisor);
        List<ContainerState> seenAtExit = supervised(box);
        IntConsumer recordEnd = processes.get(box.pid()).onExit;
        processes.get(box.pid()).onExit = code -> {
            recordEnd.accept(code);
            processes.exit(supervisor, 0); // the supervisor ends once it has recorded the container's end
        };

        management.remove("box", true, OWNER);

        assertInstanceOf(ContainerState.Stopping.class, seenAtExit.getFirst(),
                "Stopping was recorded before the kill: a restart policy must not start it again");
        assertEquals(List.of(box.pid().pid() + " SIG 9", box.pid().pid() + " WAIT "
                + ContainerManagement.KILL_WAIT_MILLIS, supervisor.pid() + " WAIT "
                + ContainerManagement.SUPERVISOR_WAIT_MILLIS), processes.log);
        assertEquals(Optional.empty(), store.load(box.facts().id()));
    }

    @Test
    void aSupervisorThatDoesNotFinishIsKilled() throws Exception {
        ContainerProcess supervisor = processes.start();
        ContainerState.Running box = detached("box", supervisor);

        management.remove("box", true, OWNER);

        assertEquals(List.of("SIG 9"), processes.signalsTo(supervisor));
        assertFalse(processes.alive(supervisor));
        assertEquals(Optional.empty(), store.load(box.facts().id()));
    }

    /** A detached container whose supervisor ends once it has torn the container down (recorded its end). */
    private ContainerState.Running detachedEndingWithItsSupervisor(String name, ContainerProcess supervisor)
            throws StateStoreException {
        ContainerState.Running box = detached(name, supervisor);
        supervised(box);
        IntConsumer recordEnd = processes.get(box.pid()).onExit;
        processes.get(box.pid()).onExit = code -> {
            recordEnd.accept(code);
            processes.exit(supervisor, 0);
        };
        return box;
    }

    @Test
    void stopReturnsOnceTheSupervisorHasFinishedTearingTheContainerDown() throws Exception {
        ContainerProcess supervisor = processes.start();
        ContainerState.Running box = detachedEndingWithItsSupervisor("box", supervisor);

        ContainerState after = management.stop("box", 5_000, OWNER);

        assertEquals(List.of(box.pid().pid() + " SIG 15", box.pid().pid() + " WAIT 5000", supervisor.pid() + " WAIT "
                + ContainerManagement.TEARDOWN_WAIT_MILLIS), processes.log);
        assertEquals(143, assertInstanceOf(ContainerState.Stopped.class, after).exit().code(),
                "the end as the supervisor recorded it");
    }

    @Test
    void aSupervisorThatDoesNotFinishTheTeardownFailsTheStopAndIsNotKilled() throws Exception {
        ContainerProcess supervisor = processes.start();
        ContainerState.Running box = detached("box", supervisor);
        supervised(box);

        StateStoreException e = assertThrows(StateStoreException.class, () -> management.stop("box", 5_000, OWNER));

        assertEquals("container " + box.facts().shortId() + ": its supervisor (pid " + supervisor.pid() + ") has not"
                + " finished tearing it down (network, cgroup, the recorded end) within 30 s of the stop; nucleus rm"
                + " --force " + box.facts().shortId() + " ends it and removes what it left", e.getMessage());
        assertEquals(List.of(), processes.signalsTo(supervisor), "killing it would leave its teardown half done");
        assertInstanceOf(ContainerState.Stopped.class, store.load(box.facts().id()).orElseThrow());
    }

    /** Ended by itself a moment ago, or waiting to restart: stop waits for its supervisor all the same. */
    @Test
    void stoppingAStoppedContainerWaitsForItsSupervisorStillFinishing() throws Exception {
        ContainerProcess supervisor = processes.start();
        ContainerState.Running box = detached("box", supervisor);
        supervised(box);
        processes.exit(box.pid(), 1);

        assertThrows(StateStoreException.class, () -> management.stop("box", 5_000, OWNER));
        processes.exit(supervisor, 0);
        ContainerState after = management.stop("box", 5_000, OWNER);

        assertEquals(1, assertInstanceOf(ContainerState.Stopped.class, after).exit().code());
        assertEquals(List.of(supervisor.pid() + " WAIT " + ContainerManagement.TEARDOWN_WAIT_MILLIS,
                supervisor.pid() + " WAIT " + ContainerManagement.TEARDOWN_WAIT_MILLIS), processes.log);
        assertTrue(store.stopping(box.facts().id()), "the stop is recorded: no restart follows");
    }

    /** A foreground run as it records itself: the nucleus run's own process, which tears it down. */
    private ContainerState.Running foreground(String name, ContainerProcess runtime) throws StateStoreException {
        return run(facts(name, SupervisorAnnotations.foreground(runtime)));
    }

    @Test
    void stopOfAForegroundRunReturnsOnceItsRuntimeHasTornItDownAndRemovedItsState() throws Exception {
        ContainerProcess runtime = processes.start();
        ContainerState.Running box = foreground("box", runtime);
        supervised(box, true);
        IntConsumer recordEnd = processes.get(box.pid()).onExit;
        processes.get(box.pid()).onExit = code -> {
            recordEnd.accept(code);
            processes.exit(runtime, 0); // the nucleus run ends once its container is torn down
        };

        management.stop("box", 5_000, OWNER);

        assertEquals(List.of(box.pid().pid() + " SIG 15", box.pid().pid() + " WAIT 5000"), processes.log);
        assertFalse(processes.alive(runtime), "returned once the run had ended");
        assertEquals(Optional.empty(), store.load(box.facts().id()), "the name and state are free again");
    }

    @Test
    void aKeptForegroundRunIsDoneOnceItsStateNoLongerNamesItsRuntime() throws Exception {
        ContainerProcess runtime = processes.start(); // lives on: it ran the launch in-process
        ContainerState.Running box = foreground("box", runtime);
        supervised(box);
        IntConsumer recordEnd = processes.get(box.pid()).onExit;
        processes.get(box.pid()).onExit = code -> {
            recordEnd.accept(code);
            try {
                store.update(box.facts().id(), SupervisorAnnotations::withoutForegroundRuntime);
            } catch (StateStoreException e) {
                throw new AssertionError(e);
            }
        };

        ContainerState after = management.stop("box", 5_000, OWNER);

        assertEquals(143, assertInstanceOf(ContainerState.Stopped.class, after).exit().code());
        assertTrue(processes.alive(runtime));
        assertEquals(Optional.empty(), SupervisorAnnotations.process(after.facts().annotations()));
        management.remove("box", false, OWNER);
        assertEquals(List.of(), processes.signalsTo(runtime), "nothing waits for, or kills, a run that is done");
    }

    @Test
    void aForegroundRunThatDoesNotFinishTheTeardownFailsTheStopNamingIt() throws Exception {
        ContainerProcess runtime = processes.start();
        ContainerState.Running box = foreground("box", runtime);
        supervised(box);

        StateStoreException e = assertThrows(StateStoreException.class, () -> management.stop("box", 5_000, OWNER));

        assertTrue(e.getMessage().startsWith("container " + box.facts().shortId() + ": its foreground nucleus run"
                + " (pid " + runtime.pid() + ") has not finished tearing it down"), e.getMessage());
        assertEquals(List.of(), processes.signalsTo(runtime));
    }

    @Test
    void removingAStoppedContainerWhoseSupervisorIsStillFinishingRecordsTheStopAndWaitsForIt() throws Exception {
        ContainerProcess supervisor = processes.start();
        ContainerState.Running box = detached("box", supervisor);
        supervised(box);
        processes.exit(box.pid(), 1);

        management.remove("box", false, OWNER);

        assertEquals(List.of(supervisor.pid() + " WAIT " + ContainerManagement.SUPERVISOR_WAIT_MILLIS,
                supervisor.pid() + " SIG 9", supervisor.pid() + " WAIT " + ContainerManagement.KILL_WAIT_MILLIS),
                processes.log, "waited for, and killed when it did not finish, as rm --force does");
        assertEquals(Optional.empty(), store.load(box.facts().id()));
    }

    @Test
    void forcedRemovalSucceedsWhenTheKilledContainersRuntimeRemovesTheStateFirst() throws Exception {
        ContainerState.Running web = run("web");
        supervised(web, true);

        management.remove("web", true, OWNER);

        assertEquals(List.of("SIG 9"), processes.signalsTo(web.pid()));
        assertEquals(Optional.empty(), store.load(web.facts().id()));
        assertFalse(cgroups.exists(web.facts().id()));
    }

    @Test
    void forcedRemovalOfAContainerWithoutARuntimeAlsoRemovesItsCgroup() throws Exception {
        ContainerState.Running web = run("web"); // nobody records its end

        management.remove("web", true, OWNER);

        assertEquals(List.of("SIG 9"), processes.signalsTo(web.pid()));
        assertEquals(List.of(web.facts().id()), cgroups.closed);
        assertEquals(Optional.empty(), store.load(web.facts().id()));
    }

    @Test
    void removingAContainerWhoseRuntimeDiedRemovesTheCgroupItLeft() throws Exception {
        ContainerState.Running web = run("web");
        ContainerState.Running other = run("other");
        processes.vanish(web.pid());

        management.remove("web", false, OWNER);

        assertEquals(List.of(web.facts().id()), cgroups.closed);
        assertFalse(cgroups.exists(web.facts().id()));
        assertTrue(cgroups.exists(other.facts().id()));
        assertEquals(Optional.empty(), store.load(web.facts().id()));
        assertEquals(List.of(), processes.log, "a dead process is not signalled");
    }

    @Test
    void removingAContainerThatFailedAfterCreationRemovesTheCgroupItLeft() throws Exception {
        ContainerFacts f = facts("half");
        ContainerProcess p = processes.start();
        store.create(ContainerState.creating(f));
        store.update(f.id(), s -> ((ContainerState.Creating) s).created(p, cgroups.place(f.id())));
        processes.vanish(p);

        management.remove("half", false, OWNER);

        assertEquals(List.of(f.id()), cgroups.closed);
        assertEquals(Optional.empty(), store.load(f.id()));
    }

    @Test
    void removingACleanlyStoppedContainerTouchesNoCgroup() throws Exception {
        ContainerState.Stopped done = stopped("done", 0);
        ContainerState.Failed broken = failed("broken");

        management.remove("done", false, OWNER);
        management.remove(broken.facts().id(), false, OWNER);

        assertEquals(List.of(), cgroups.reopened);
        assertEquals(List.of(), management.list(true));
        assertEquals(Optional.empty(), store.load(done.facts().id()));
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

    /** The ids the fakes know, for the stateful test's invariants. */
    static Set<String> idsOf(List<ContainerState> states) {
        Set<String> out = new HashSet<>();
        states.forEach(s -> out.add(s.facts().id()));
        return out;
    }

    @Test
    void anUnreadableStateIsRemovedOnlyByItsFullIdAndWithForce() throws Exception {
        String id = "0123456789abcdef0123456789abcdef";
        store.unreadable.put(id, "state.json is not a valid state file");
        assertEquals(List.of(new StateStore.Unreadable(id, "state.json is not a valid state file")),
                management.unreadable());

        ContainerCommandException withoutForce = assertThrows(ContainerCommandException.class,
                () -> management.remove(id, false, 0));
        assertEquals("container " + id + " has no readable state (state.json is not a valid state file): "
                + "remove it with rm --force " + id, withoutForce.getMessage());
        ContainerCommandException prefix = assertThrows(ContainerCommandException.class,
                () -> management.remove(id.substring(0, 12), true, 0));
        assertTrue(prefix.getMessage().startsWith("no container"), prefix.getMessage());
        assertEquals(1, management.unreadable().size(), "neither removed it");

        management.remove(id, true, 0);
        assertEquals(List.of(), management.unreadable());
        assertEquals(List.of(), cgroups.reopened, "no cgroup of its was there");
    }

    /**
     * A runtime that died after making the cgroups and before its state named them: rm finds them
     * by the id beneath the recorded --cgroup-parent (the default without one) and removes them.
     */
    @Test
    void aCreatingContainerWhoseRuntimeDiedHasItsUnrecordedCgroupRemoved() throws Exception {
        for (Map<String, String> parent : List.of(Map.of(CgroupParentAnnotation.KEY, "agents/team1"),
                Map.<String, String>of())) {
            ContainerProcess runtime = processes.start();
            Map<String, String> annotations = new java.util.HashMap<>(parent);
            annotations.put(SupervisorAnnotations.RUNTIME_PID, Long.toString(runtime.pid()));
            annotations.put(SupervisorAnnotations.RUNTIME_START, Long.toString(runtime.startTime()));
            ContainerFacts f = facts("half-made", annotations);
            store.create(ContainerState.creating(f));
            cgroups.place(f.id());
            processes.exit(runtime, 137);

            management.remove("half-made", true, 0);

            assertTrue(cgroups.closed.contains(f.id()), "emptied and removed");
            assertFalse(cgroups.exists(f.id()));
            assertEquals(parent.isEmpty() ? "nucleus" : "agents/team1", cgroups.locatedUnder.get(f.id()));
        }
    }

    @Test
    void anUnreadableStateWhoseCgroupIsStillThereTakesItAlong() throws Exception {
        String id = "0123456789abcdef0123456789abcdef";
        store.unreadable.put(id, "written by another version");
        cgroups.place(id); // its processes may still run there

        management.remove(id, true, 0);

        assertEquals(List.of(id), cgroups.closed, "closing kills what is left in it and removes it");
        assertFalse(cgroups.exists(id));
        assertEquals(List.of(), management.unreadable());
    }
}
