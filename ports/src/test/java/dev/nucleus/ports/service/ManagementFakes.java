package dev.nucleus.ports.service;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.spec.Resources;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.CgroupDriver;
import dev.nucleus.ports.out.ContainerCgroup;
import dev.nucleus.ports.out.ProcessControl;
import dev.nucleus.ports.out.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * In-memory stand-ins for the management commands' adapters (state store, processes, cgroups),
 * shared by {@link ContainerManagementTest} and the stateful {@link LifecycleStatefulTest}.
 */
final class ManagementFakes {
    private ManagementFakes() {
    }

    /** The state store as a map in creation order; the same contract as the file store. */
    static final class InMemoryStateStore implements StateStore {
        private final Map<String, ContainerState> states = new LinkedHashMap<>();
        /** Ids whose state "cannot be read", with why. */
        final Map<String, String> unreadable = new LinkedHashMap<>();
        /** Ids a stop was recorded for (the file store keeps a mark beside the state). */
        private final java.util.Set<String> stopRecorded = new java.util.HashSet<>();

        @Override
        public void create(ContainerState state) throws StateStoreException {
            if (states.putIfAbsent(state.facts().id(), state) != null) {
                throw new StateStoreException("container " + state.facts().id() + " exists already");
            }
        }

        @Override
        public ContainerState update(String id, UnaryOperator<ContainerState> change) throws StateStoreException {
            ContainerState now = states.get(id);
            if (now == null) {
                throw new StateStoreException("no container " + id);
            }
            ContainerState next = change.apply(now);
            states.put(id, next);
            return next;
        }

        @Override
        public void replace(ContainerState state) throws StateStoreException {
            if (!states.containsKey(state.facts().id())) {
                throw new StateStoreException("no container " + state.facts().id());
            }
            states.put(state.facts().id(), state);
        }

        @Override
        public void recordStop(String id) {
            ContainerState now = states.get(id);
            if (now == null) {
                return;
            }
            stopRecorded.add(id);
            if (now instanceof ContainerState.Running r) {
                states.put(id, r.stopping());
            }
        }

        @Override
        public boolean stopping(String id) {
            return stopRecorded.contains(id) || states.get(id) instanceof ContainerState.Stopping;
        }

        @Override
        public boolean restart(ContainerState creating) throws StateStoreException {
            String id = creating.facts().id();
            if (!states.containsKey(id)) {
                throw new StateStoreException("no container " + id);
            }
            if (stopRecorded.contains(id)) {
                return false;
            }
            states.put(id, creating);
            return true;
        }

        @Override
        public Optional<ContainerState> load(String id) {
            return Optional.ofNullable(states.get(id));
        }

        @Override
        public List<ContainerState> list() {
            return List.copyOf(states.values());
        }

        @Override
        public List<Unreadable> unreadable() {
            return unreadable.entrySet().stream().map(e -> new Unreadable(e.getKey(), e.getValue())).toList();
        }

        @Override
        public void remove(String id) {
            states.remove(id);
            unreadable.remove(id);
            stopRecorded.remove(id);
        }

        Map<String, ContainerState> snapshot() {
            return new LinkedHashMap<>(states);
        }
    }

    /**
     * Processes that live until they exit, are killed (SIGKILL; SIGTERM and SIGINT unless they
     * ignore it) or die silently. Every signal and every wait is logged.
     */
    static final class FakeProcesses implements ProcessControl {
        static final class Proc {
            boolean alive = true;
            boolean ignoresTerm;
            /** What its (live) runtime does when it ends, given the exit code. */
            IntConsumer onExit = code -> {
            };
        }

        private final Map<ContainerProcess, Proc> procs = new HashMap<>();
        /** "pid SIG n" and "pid WAIT millis", in order. */
        final List<String> log = new ArrayList<>();
        private long nextPid = 100;

        ContainerProcess start() {
            ContainerProcess p = new ContainerProcess(nextPid++, 5000 + nextPid);
            procs.put(p, new Proc());
            return p;
        }

        Proc get(ContainerProcess p) {
            return procs.get(p);
        }

        /** The workload ends by itself; its runtime sees it. */
        void exit(ContainerProcess p, int code) {
            Proc proc = procs.get(p);
            proc.alive = false;
            proc.onExit.accept(code);
        }

        /** Gone, and nobody sees it (its runtime died with it). */
        void vanish(ContainerProcess p) {
            procs.get(p).alive = false;
        }

        List<String> signalsTo(ContainerProcess p) {
            return log.stream().filter(l -> l.startsWith(p.pid() + " SIG ")).map(l -> l.substring(l.indexOf("SIG")))
                    .toList();
        }

        @Override
        public boolean alive(ContainerProcess process) {
            Proc proc = procs.get(process);
            return proc != null && proc.alive;
        }

        @Override
        public boolean signal(ContainerProcess process, int signal) {
            if (!alive(process)) {
                return false;
            }
            log.add(process.pid() + " SIG " + signal);
            Proc proc = procs.get(process);
            if (signal == ContainerManagement.SIGKILL || signal == 2
                    || (signal == ContainerManagement.SIGTERM && !proc.ignoresTerm)) {
                exit(process, 128 + signal);
            }
            return true;
        }

        @Override
        public boolean awaitGone(ContainerProcess process, long millis) {
            log.add(process.pid() + " WAIT " + millis);
            return !alive(process);
        }

        @Override
        public boolean awaitCondition(java.util.function.BooleanSupplier done, long millis) {
            for (int i = 0; i < 100; i++) { // no clock here: a bounded number of asks
                if (done.getAsBoolean()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Cgroups by container id: which exist, what they report, and which were reopened and closed. */
    static final class FakeCgroups implements CgroupDriver {
        private final Map<String, Map<String, String>> existing = new HashMap<>();
        final Map<String, ResourceStats> stats = new HashMap<>();
        final List<String> reopened = new ArrayList<>();
        final List<String> closed = new ArrayList<>();

        /** Creates a container's cgroup (as its runtime does) and says where it is. */
        CgroupPlacement place(String id) {
            Map<String, String> dirs = Map.of("cgroup2", "/sys/fs/cgroup/nucleus/" + id);
            existing.put(id, dirs);
            return new CgroupPlacement("/nucleus/" + id, dirs);
        }

        boolean exists(String id) {
            return existing.containsKey(id);
        }

        /** Its runtime empties and removes it. */
        void removeAsRuntime(String id) {
            existing.remove(id);
        }

        @Override
        public ContainerCgroup create(String containerId, Resources limits) {
            throw new UnsupportedOperationException("the management commands never create a cgroup");
        }

        /** Parents located beneath, by id. */
        final Map<String, String> locatedUnder = new java.util.HashMap<>();

        @Override
        public Map<String, String> locate(String id, dev.nucleus.domain.value.CgroupParent parent) {
            locatedUnder.put(id, parent.path());
            return existing.getOrDefault(id, Map.of());
        }

        @Override
        public ContainerCgroup reopen(String id, Map<String, String> directories) throws CgroupException {
            for (String dir : directories.values()) {
                if (!dir.endsWith("/" + id)) {
                    throw new CgroupException(dir + " is not the cgroup of " + id);
                }
            }
            reopened.add(id);
            return new ContainerCgroup() {
                @Override
                public void join(long pid) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public String path() {
                    return "/nucleus/" + id;
                }

                @Override
                public Map<String, String> directories() {
                    return directories;
                }

                @Override
                public ResourceStats stats() {
                    return stats.getOrDefault(id, ResourceStats.NONE);
                }

                @Override
                public void close() {
                    closed.add(id);
                    existing.remove(id);
                }
            };
        }
    }
}
