package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.FailureAction;
import dev.nucleus.domain.spec.NatBackend;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.linux.net.KernelBridge;
import dev.nucleus.linux.net.UserspaceNat;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.out.NetworkDriver;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The launch's side of --network bridge: the driver the resolved NAT backend names, a sweep of
 * what crashed runtimes left before reserving, and the mode's answer to a failed setup (agent
 * warns and runs with loopback only; strict-agent and production stop).
 */
final class Networks {
    private Networks() {
    }

    static NetworkDriver driver(ContainerSpec spec, Path stateBase) {
        return spec.network().natBackend() == NatBackend.USERSPACE ? new UserspaceNat(stateBase)
                : new KernelBridge(stateBase, Networks::liveIn);
    }

    /** Both drivers' cleanup, for `nucleus rm` (each finds only its own). */
    static void release(Path stateBase, String id) throws LaunchFailedException {
        new KernelBridge(stateBase, Networks::liveIn).release(id);
        new UserspaceNat(stateBase).release(id);
    }

    /** Null unless the container is bridged. */
    static NetworkDriver.Attachment reserve(ContainerSpec spec, String id, Path stateBase, FileStateStore store)
            throws LaunchFailedException {
        if (spec.request().network().mode() != NetworkMode.BRIDGE) {
            return null;
        }
        NetworkDriver driver = driver(spec, stateBase);
        try {
            driver.sweep(() -> live(store, id));
        } catch (java.io.UncheckedIOException e) {
            throw new LaunchFailedException(e.getCause().getMessage(), e);
        }
        return driver.reserve(id, spec);
    }

    /** Containers whose network must stay: running ones, ones being set up, and this one. */
    private static Set<String> live(FileStateStore store, String id) {
        Set<String> ids = new HashSet<>();
        ids.add(id);
        try {
            ids.addAll(store.scan().liveIds());
        } catch (StateStoreException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException("state: " + e.getMessage(), e));
        }
        return ids;
    }

    /** The live containers of another state root, whose leases a host-wide bridge may hold. */
    private static Set<String> liveIn(Path stateBase) throws LaunchFailedException {
        try {
            return new FileStateStore(stateBase).scan().liveIds();
        } catch (StateStoreException e) {
            throw new LaunchFailedException("state " + stateBase + ": " + e.getMessage(), e);
        }
    }

    /** The container process's own failure, when it failed before GO (and so took its namespace away). */
    interface ContainerFailure {
        Optional<LaunchFailedException> get();
    }

    static void connect(NetworkDriver.Attachment network, long pid, String id, String name, ContainerSpec spec,
                        EventSink events, ContainerFailure containerFailure) throws LaunchFailedException {
        try {
            network.connect(pid);
        } catch (LaunchFailedException e) {
            Optional<LaunchFailedException> first = containerFailure.get();
            if (first.isPresent()) {
                throw first.get(); // not a network failure: no warning, no loopback-only run
            }
            if (e instanceof PolicyRejectedException) {
                throw e; // the request's own fault (a -p value the host cannot give): exit 2 in every mode
            }
            if (spec.enforcement().networkSetupFailure() == FailureAction.FATAL) {
                throw new LaunchFailedException("network setup failed: " + e.getMessage(), e);
            }
            events.warning("network setup failed, running with loopback only: " + e.getMessage());
            network.close();
            return;
        }
        events.emit(new ContainerEvent.NetworkConfigured(id, name, network.describe(),
                network.addresses().stream().map(Object::toString).toList(), network.egressRules()));
    }
}
