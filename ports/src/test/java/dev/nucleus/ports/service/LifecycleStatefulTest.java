package dev.nucleus.ports.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.service.ManagementFakes.FakeCgroups;
import dev.nucleus.ports.service.ManagementFakes.FakeProcesses;
import dev.nucleus.ports.service.ManagementFakes.InMemoryStateStore;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random lifecycles against the real {@link ContainerManagement} over the in-memory adapters.
 * The test plays the runtimes: a foreground run records Creating → Created → Running, holds its
 * name while alive (as the name claim does), and when its process ends records the exit, removes
 * its cgroup, and (ephemeral) its state. A crashed runtime does none of that.
 */
class LifecycleStatefulTest {
    private static final long OWNER = ContainerManagementFixture.OWNER;
    private static final long STRANGER = 4242;
    private static final List<String> NAMES = List.of("web", "db", "cache");

    /** One foreground run: the runtime process, alive until its container ends or it crashes. */
    static final class Runtime {
        final ContainerFacts facts;
        final ContainerProcess process;
        boolean alive = true;

        Runtime(ContainerFacts facts, ContainerProcess process) {
            this.facts = facts;
            this.process = process;
        }
    }

    /** The system under test, the fakes, and the model of what must hold. */
    static final class World {
        final InMemoryStateStore store = new InMemoryStateStore();
        final FakeProcesses processes = new FakeProcesses();
        final FakeCgroups cgroups = new FakeCgroups();
        final ContainerManagement management = new ContainerManagement(store, processes, cgroups);

        final Map<String, Runtime> runtimes = new LinkedHashMap<>();
        /** The ids whose state must be in the store. */
        final Set<String> recorded = new LinkedHashSet<>();
        final Set<String> removed = new HashSet<>();
        private long created;

        List<String> recordedIds() {
            return List.copyOf(recorded);
        }

        List<Runtime> liveRuntimes() {
            return runtimes.values().stream().filter(r -> r.alive).toList();
        }

        /** Names a new run may claim: none held by a live runtime. */
        List<String> freeNames() {
            Set<String> held = new HashSet<>();
            liveRuntimes().forEach(r -> r.facts.givenName().ifPresent(held::add));
            return NAMES.stream().filter(n -> !held.contains(n)).toList();
        }

        /**
         * A foreground run, up to Running with a live process; or crashing after Created. The id
         * comes from the action (so a shrunk chain keeps its references); a name a live runtime
         * holds is refused before anything is recorded, as the name claim does (the generator
         * offers only free names, but a shrunk chain may replay a run after another took it).
         */
        void run(long key, Optional<String> name, boolean ephemeral, boolean ignoresTerm, boolean crashInSetup) {
            String id = String.format("%016x%016x", key * 0x9E3779B97F4A7C15L, key);
            String shown = name.orElse(id.substring(0, 12));
            if (runtimes.containsKey(id) || name.isPresent() && !freeNames().contains(shown)) {
                return;
            }
            created++;
            ContainerFacts facts = new ContainerFacts(id, shown, OWNER, created, List.of("/bin/sleep", "1"),
                    "standard", "native", "/", ephemeral, Map.of());
            ContainerProcess process = processes.start();
            processes.get(process).ignoresTerm = ignoresTerm;
            Runtime runtime = new Runtime(facts, process);
            runtimes.put(id, runtime);
            try {
                store.create(ContainerState.creating(facts));
                recorded.add(id);
                CgroupPlacement cgroup = cgroups.place(id);
                store.update(id, s -> ((ContainerState.Creating) s).created(process, cgroup));
                if (crashInSetup) {
                    crash(runtime);
                    return;
                }
                store.update(id, s -> ((ContainerState.Created) s).started(ContainerManagementFixture.SECURITY, created));
            } catch (StateStoreException e) {
                throw new AssertionError(e);
            }
            processes.get(process).onExit = code -> ended(runtime, code);
        }

        /** What a live runtime does when its container's process ends. */
        private void ended(Runtime runtime, int code) {
            String id = runtime.facts.id();
            try {
                store.update(id, s -> switch (s) {
                    case ContainerState.Running r -> r.exited(new ContainerState.Exit(code, 1, false));
                    case ContainerState.Stopping st -> st.exited(new ContainerState.Exit(code, 1, false));
                    default -> throw new AssertionError("a live runtime found " + s.label());
                });
                cgroups.removeAsRuntime(id);
                if (runtime.facts.ephemeral()) {
                    store.remove(id);
                    recorded.remove(id);
                    removed.add(id);
                }
            } catch (StateStoreException e) {
                throw new AssertionError("the runtime of " + id + " could not record its end: " + e.getMessage());
            }
            runtime.alive = false; // and its name claim goes with it
        }

        /** The runtime is killed: its process dies with it and nothing is recorded or cleaned up. */
        void crash(Runtime runtime) {
            runtime.alive = false;
            processes.vanish(runtime.process);
        }

        Optional<Runtime> liveRuntime(String id) {
            return Optional.ofNullable(runtimes.get(id)).filter(r -> r.alive);
        }

        boolean live(String id) {
            return runtimes.get(id).alive;
        }

        void forgotten(String id) {
            recorded.remove(id);
            removed.add(id);
        }

        /** Checked after every step. */
        void invariants() throws StateStoreException {
            List<ContainerState> live = management.list(false);
            List<ContainerState> all = management.list(true);

            for (ContainerState s : live) {
                assertTrue(processes.alive(s.process().orElseThrow()), s.facts().shortId() + " is listed live");
                CgroupPlacement where = switch (s) {
                    case ContainerState.Created c -> c.cgroup();
                    case ContainerState.Running r -> r.cgroup();
                    case ContainerState.Stopping st -> st.running().cgroup();
                    default -> throw new AssertionError(s.label() + " listed as live");
                };
                assertFalse(where.directories().isEmpty(), s.facts().shortId() + " has no cgroup directories");
                assertTrue(cgroups.exists(s.facts().id()), s.facts().shortId() + " lost its cgroup while alive");
            }
            for (String id : removed) {
                assertFalse(ContainerManagementFixture.idsOf(all).contains(id), id + " was removed but is listed");
                assertEquals(Optional.empty(), store.load(id), id + " was removed but has a state");
                assertFalse(cgroups.exists(id), id + " was removed but its cgroup is left");
            }
            List<String> liveNames = live.stream().map(s -> s.facts().name()).toList();
            assertEquals(new HashSet<>(liveNames).size(), liveNames.size(), "live names repeat: " + liveNames);

            assertEquals(recorded, ContainerManagementFixture.idsOf(all), "the recorded containers");
            assertEquals(liveRuntimes().stream().map(r -> r.facts.id()).toList(),
                    live.stream().map(s -> s.facts().id()).toList(), "the live containers");
        }

        @Override
        public String toString() {
            return "World" + runtimes.keySet().stream().map(id -> id.substring(0, 6) + (live(id) ? "+" : "-")
                    + (recorded.contains(id) ? "" : "x")).toList();
        }
    }

    @Property(tries = 300)
    void containersKeepTheirInvariantsThroughAnyLifecycle(@ForAll("lifecycles") ActionChain<World> chain) {
        chain.withInvariant("invariants", w -> {
            try {
                w.invariants();
            } catch (StateStoreException e) {
                throw new AssertionError(e);
            }
        }).run();
    }

    @Provide
    Arbitrary<ActionChain<World>> lifecycles() {
        return ActionChain.startWith(World::new)
                .withAction(4, new Run())
                .withAction(2, new ExitByItself())
                .withAction(2, new Kill())
                .withAction(3, new Stop())
                .withAction(2, new Remove(false))
                .withAction(2, new Remove(true))
                .withAction(1, new Crash())
                .withMaxTransformations(40);
    }

    // ---------------------------------------------------------------- actions

    /** A container reference as a user gives it: the id or the short id. */
    private static Arbitrary<String> reference(World w) {
        return Arbitraries.of(w.recordedIds()).flatMap(id -> Arbitraries.of(id, id.substring(0, 12)));
    }

    private static Arbitrary<String> liveIds(World w) {
        return Arbitraries.of(w.liveRuntimes().stream().map(r -> r.facts.id()).toList());
    }

    private static Arbitrary<Long> caller() {
        return Arbitraries.of(OWNER, 0L, STRANGER);
    }

    /** The recorded container a reference means in this world; none when a shrunk chain never made it. */
    private static Optional<String> idOf(World w, String reference) {
        return w.recordedIds().stream().filter(id -> id.startsWith(reference)).findFirst();
    }

    /** A command a stranger is not allowed changes nothing. */
    private static void refusedToStranger(World w, Executable command) {
        Map<String, ContainerState> before = w.store.snapshot();
        List<String> log = List.copyOf(w.processes.log);
        ContainerCommandException e = assertThrows(ContainerCommandException.class, command::run);
        assertTrue(e.getMessage().contains("belongs to uid " + OWNER), e.getMessage());
        assertEquals(before, w.store.snapshot());
        assertEquals(log, w.processes.log);
    }

    interface Executable {
        void run() throws Exception;
    }

    interface Step {
        void apply(World w) throws Exception;
    }

    /**
     * A step of the chain, applied to the world it is given (a shrunk chain replays it on a fresh
     * one, so it names containers by id, never by object); what the commands throw unexpectedly fails it.
     */
    private static Transformer<World> step(String description, Step body) {
        return Transformer.mutate(description, w -> {
            try {
                body.apply(w);
            } catch (Exception e) {
                throw new AssertionError(description + ": " + e, e);
            }
        });
    }

    static final class Run implements Action.Dependent<World> {
        @Override
        public Arbitrary<Transformer<World>> transformer(World w) {
            List<String> free = w.freeNames();
            Arbitrary<Optional<String>> name = free.isEmpty() ? Arbitraries.just(Optional.empty())
                    : Arbitraries.of(free).optional(0.7);
            return Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), name,
                    Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.integers().between(0, 9))
                    .as((key, n, ephemeral, ignoresTerm, crashDice) -> {
                        boolean crash = crashDice == 0;
                        return Transformer.mutate("run #" + key + " " + n.orElse("(unnamed)")
                                + (ephemeral ? "" : " --keep") + (ignoresTerm ? " ignoring TERM" : "")
                                + (crash ? " crashing in setup" : ""),
                                world -> world.run(key, n, ephemeral, ignoresTerm, crash));
                    });
        }
    }

    static final class ExitByItself implements Action.Dependent<World> {
        @Override
        public boolean precondition(World w) {
            return !w.liveRuntimes().isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World w) {
            return Combinators.combine(liveIds(w), Arbitraries.integers().between(0, 3))
                    .as((id, code) -> step("exit " + code + " " + id.substring(0, 12),
                            world -> world.liveRuntime(id).ifPresent(r -> world.processes.exit(r.process, code))));
        }
    }

    static final class Crash implements Action.Dependent<World> {
        @Override
        public boolean precondition(World w) {
            return !w.liveRuntimes().isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World w) {
            return liveIds(w).map(id -> step("crash " + id.substring(0, 12),
                    world -> world.liveRuntime(id).ifPresent(world::crash)));
        }
    }

    static final class Kill implements Action.Dependent<World> {
        @Override
        public boolean precondition(World w) {
            return !w.recorded.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World w) {
            return Combinators.combine(reference(w), Arbitraries.of(9, 15, 10), caller())
                    .as((ref, signal, uid) -> step("kill -" + signal + " " + ref + " as " + uid,
                            world -> kill(world, ref, signal, uid)));
        }

        private static void kill(World w, String ref, int signal, long uid) throws Exception {
            if (idOf(w, ref).isEmpty()) {
                return;
            }
            String id = idOf(w, ref).get();
            if (uid == STRANGER) {
                refusedToStranger(w, () -> w.management.kill(ref, signal, uid));
            } else if (w.live(id)) {
                ContainerProcess p = w.runtimes.get(id).process;
                w.management.kill(ref, signal, uid);
                assertEquals("SIG " + signal, w.processes.signalsTo(p).getLast());
            } else {
                ContainerCommandException e = assertThrows(ContainerCommandException.class,
                        () -> w.management.kill(ref, signal, uid));
                assertTrue(e.getMessage().contains("is not running"), e.getMessage());
            }
        }
    }

    static final class Stop implements Action.Dependent<World> {
        @Override
        public boolean precondition(World w) {
            return !w.recorded.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World w) {
            return Combinators.combine(reference(w), caller())
                    .as((ref, uid) -> step("stop " + ref + " as " + uid, world -> stop(world, ref, uid)));
        }

        private static void stop(World w, String ref, long uid) throws Exception {
            if (idOf(w, ref).isEmpty()) {
                return;
            }
            String id = idOf(w, ref).get();
            if (uid == STRANGER) {
                refusedToStranger(w, () -> w.management.stop(ref, 1_000, uid));
                return;
            }
            ContainerState after = w.management.stop(ref, 1_000, uid);
            assertEquals(id, after.facts().id());
            assertFalse(w.processes.alive(w.runtimes.get(id).process), "a stopped container's process is gone");

            // a second stop changes nothing
            Map<String, ContainerState> before = w.store.snapshot();
            List<String> log = List.copyOf(w.processes.log);
            if (w.recorded.contains(id)) {
                assertEquals(w.management.inspect(id), w.management.stop(ref, 1_000, uid));
            } else {
                assertThrows(ContainerCommandException.class, () -> w.management.stop(ref, 1_000, uid));
            }
            assertEquals(before, w.store.snapshot());
            assertEquals(log, w.processes.log);
        }
    }

    static final class Remove implements Action.Dependent<World> {
        private final boolean force;

        Remove(boolean force) {
            this.force = force;
        }

        @Override
        public boolean precondition(World w) {
            return !w.recorded.isEmpty();
        }

        @Override
        public Arbitrary<Transformer<World>> transformer(World w) {
            return Combinators.combine(reference(w), caller()).as((ref, uid) -> step(
                    "rm " + (force ? "--force " : "") + ref + " as " + uid, world -> remove(world, ref, uid)));
        }

        private void remove(World w, String ref, long uid) throws Exception {
            if (idOf(w, ref).isEmpty()) {
                return;
            }
            String id = idOf(w, ref).get();
            if (uid == STRANGER) {
                refusedToStranger(w, () -> w.management.remove(ref, force, uid));
                return;
            }
            if (w.live(id) && !force) {
                Map<String, ContainerState> before = w.store.snapshot();
                ContainerCommandException e = assertThrows(ContainerCommandException.class,
                        () -> w.management.remove(ref, false, uid));
                assertTrue(e.getMessage().contains("rm --force"), e.getMessage());
                assertEquals(before, w.store.snapshot());
                return;
            }
            w.management.remove(ref, force, uid);
            assertFalse(w.live(id), "a removed container's runtime has ended");
            w.forgotten(id);
        }
    }
}
