package dev.nucleus.ports.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.lifecycle.CgroupParentAnnotation;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.lifecycle.SupervisorAnnotations;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.StateStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;

/** rm, and stops that wait for a runtime to finish, over in-memory adapters ({@link ContainerManagementFixture}). */
class ContainerRemovalTest extends ContainerManagementFixture {
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
