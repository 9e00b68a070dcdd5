package dev.nucleus.ports.service;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.lifecycle.ContainerState.Exit;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.service.ManagementFakes.FakeCgroups;
import dev.nucleus.ports.service.ManagementFakes.FakeProcesses;
import dev.nucleus.ports.service.ManagementFakes.InMemoryStateStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Containers recorded in in-memory adapters ({@link ManagementFakes}) as the runtimes record them, for the management tests. */
abstract class ContainerManagementFixture {
    static final long OWNER = 1000;
    static final SecurityStatus SECURITY = new SecurityStatus(Optional.empty(), Optional.empty(),
            new SecurityStatus.Capabilities(List.of("CHOWN"), List.of("CHOWN")), true, Optional.empty());

    final InMemoryStateStore store = new InMemoryStateStore();
    final FakeProcesses processes = new FakeProcesses();
    final FakeCgroups cgroups = new FakeCgroups();
    final ContainerManagement management = new ContainerManagement(store, processes, cgroups);
    int created;

    ContainerFacts facts(String name) {
        return facts(name, Map.of());
    }

    ContainerFacts facts(String name, Map<String, String> annotations) {
        created++;
        String id = String.format("%02x", created).repeat(16);
        return new ContainerFacts(id, name, OWNER, created, List.of("/bin/sleep", "100"), "standard", "native", "/",
                false, annotations);
    }

    /** Creating → Created → Running in the store, as a foreground run records it, with a live process. */
    ContainerState.Running run(String name) throws StateStoreException {
        return run(facts(name));
    }

    ContainerState.Running run(ContainerFacts f) throws StateStoreException {
        ContainerProcess p = processes.start();
        CgroupPlacement cg = cgroups.place(f.id());
        store.create(ContainerState.creating(f));
        store.update(f.id(), s -> ((ContainerState.Creating) s).created(p, cg));
        return (ContainerState.Running) store.update(f.id(), s -> ((ContainerState.Created) s).started(SECURITY, 7));
    }

    /** As {@link #run}, and its runtime records the end as a live runtime does; returns what it saw then. */
    List<ContainerState> supervised(ContainerState.Running r) {
        return supervised(r, false);
    }

    /** ... and, ephemeral (a foreground run without --keep), removes the state once it has recorded the end. */
    List<ContainerState> supervised(ContainerState.Running r, boolean ephemeral) {
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

    ContainerState.Stopped stopped(String name, int code) throws StateStoreException {
        ContainerState.Running r = run(name);
        supervised(r);
        processes.exit(r.pid(), code);
        return (ContainerState.Stopped) store.load(r.facts().id()).orElseThrow();
    }

    ContainerState.Failed failed(String name) throws StateStoreException {
        ContainerFacts f = facts(name);
        store.create(ContainerState.creating(f));
        return (ContainerState.Failed) store.update(f.id(), s -> ((ContainerState.Creating) s).failed("no rootfs"));
    }

    static List<String> ids(List<ContainerState> states) {
        return states.stream().map(s -> s.facts().id()).toList();
    }

    /** The ids the fakes know, for the stateful test's invariants. */
    static Set<String> idsOf(List<ContainerState> states) {
        Set<String> out = new HashSet<>();
        states.forEach(s -> out.add(s.facts().id()));
        return out;
    }
}
