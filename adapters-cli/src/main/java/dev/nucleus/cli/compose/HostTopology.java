package dev.nucleus.cli.compose;

import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.run.Detach;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.topology.Reconciliation;
import dev.nucleus.domain.topology.ServiceLaunch;
import dev.nucleus.domain.spec.TopologyMember;
import dev.nucleus.domain.topology.TopologyVolume;
import dev.nucleus.linux.backend.Preflight;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.linux.net.LeasedAddresses;
import dev.nucleus.linux.state.HealthFile;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.ServiceStartException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ManageContainers;
import dev.nucleus.ports.in.ResolveLaunch;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.out.TopologyHost;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * This host as {@code compose} sees it: the caller's containers in its state directory, detached
 * starts through the same supervisor as {@code create -d}, and persistent volume directories.
 */
public final class HostTopology implements TopologyHost {
    private final Path stateBase;
    private final ManageContainers containers;
    private final ResolveLaunch resolver;
    private final Invoker invoker;
    private final GlobalSettings globals;
    private final PrintWriter err;
    private int landlockAbi = -1;

    public HostTopology(Path stateBase, ManageContainers containers, ResolveLaunch resolver, Invoker invoker,
                        GlobalSettings globals, PrintWriter err) {
        this.stateBase = stateBase;
        this.containers = containers;
        this.resolver = resolver;
        this.invoker = invoker;
        this.globals = globals;
        this.err = err;
    }

    @Override
    public Held exclusive(String topology) throws StateStoreException {
        return TopologyLock.hold(stateBase, topology);
    }

    @Override
    public List<Reconciliation.Existing> members(String topology) throws StateStoreException {
        List<Reconciliation.Existing> out = new ArrayList<>();
        for (ContainerState s : containers.list(true)) {
            Map<String, String> a = s.facts().annotations();
            if (TopologyMember.inTopology(a, topology) && s.facts().ownerUid() == invoker.uid()) {
                out.add(new Reconciliation.Existing(s.facts().id(), a.getOrDefault(TopologyMember.SERVICE, ""),
                        a.getOrDefault(TopologyMember.DIGEST, ""), s.process().isPresent()));
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<String> refusal(ServiceLaunch launch, ContainerSpec spec) {
        List<String> unsupported = Detach.unsupported(spec, stateBase, invoker);
        if (!unsupported.isEmpty()) {
            return java.util.Optional.of("not implemented yet: " + String.join("; ", unsupported));
        }
        try {
            Preflight.check(withoutVolumesToMake(launch).orElse(spec), System.getenv("CREDENTIALS_DIRECTORY"),
                    landlockAbi());
            if (!spec.request().network().publish().isEmpty() && !running(launch.containerName())) {
                // a host process on a service's port: refused before the first service starts, not
                // when that service's turn comes (a running service holds its own ports)
                dev.nucleus.linux.net.HostPorts.refuseUnusable(spec.request().network().publish());
            }
            return java.util.Optional.empty();
        } catch (LaunchFailedException e) {
            return java.util.Optional.of(e.getMessage());
        } catch (InvalidRequestException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    private boolean running(String containerName) {
        try {
            return containers.list(false).stream()
                    .anyMatch(s -> s.facts().name().equals(containerName) && s.process().isPresent());
        } catch (StateStoreException e) {
            return false; // cannot tell: its ports are probed
        }
    }

    /**
     * Every {@code --volume} of a service is a persistent volume of its topology, which {@code up}
     * makes when it is missing: until then, the launch is judged without the missing ones.
     */
    private java.util.Optional<ContainerSpec> withoutVolumesToMake(ServiceLaunch launch)
            throws InvalidRequestException {
        List<String> volumes = launch.request().get(LaunchOption.VOLUME);
        List<String> existing = volumes.stream()
                .filter(v -> Files.exists(Path.of(v.substring(0, Math.max(0, v.indexOf(':')))), LinkOption.NOFOLLOW_LINKS))
                .toList();
        if (existing.size() == volumes.size()) {
            return java.util.Optional.empty();
        }
        Map<LaunchOption, List<String>> values = new java.util.EnumMap<>(launch.request().values());
        values.put(LaunchOption.VOLUME, existing);
        if (existing.isEmpty()) {
            values.remove(LaunchOption.VOLUME);
        }
        return java.util.Optional.of(resolver.resolve(launch.request().withValues(values), invoker));
    }

    /** The kernel's Landlock ABI, probed once (policy files are judged against it). */
    private int landlockAbi() {
        if (landlockAbi < 0) {
            landlockAbi = new LinuxHostProbe().probe().landlock().abi();
        }
        return landlockAbi;
    }

    @Override
    public void makeVolume(TopologyVolume volume) throws LaunchFailedException {
        Path dir = Path.of(volume.path().orElseThrow());
        String what = "volume " + volume.name() + " (" + dir + ")";
        try {
            if (Files.isSymbolicLink(dir)) {
                throw new LaunchFailedException(what + ": is a symbolic link; a persistent volume must be a directory");
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir);
            } else if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new LaunchFailedException(what + ": exists and is not a directory");
            }
            if (volume.ownerUid().isPresent()) {
                Files.setAttribute(dir, "unix:uid", (int) volume.ownerUid().getAsLong(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(dir, "unix:gid", (int) volume.ownerGid().getAsLong(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new LaunchFailedException(what + ": cannot make it: " + e.getMessage(), e);
        }
    }

    @Override
    public String start(ServiceLaunch launch) throws ServiceStartException {
        ContainerSpec spec;
        try {
            spec = resolver.resolve(launch.request(), invoker);
        } catch (InvalidRequestException e) {
            throw new ServiceStartException(launch.service() + ": refused: " + e.getMessage(), 2);
        }
        Detach.Started started = Detach.launch("compose up", launch.request(), spec, LaunchSecrets.none(), invoker,
                globals, err);
        if (started.status() != 0) {
            throw new ServiceStartException(launch.service() + " did not start (exit " + started.status() + ")",
                    started.status());
        }
        return started.id();
    }

    @Override
    public void remove(String id, long stopTimeoutMillis) throws ContainerCommandException, StateStoreException {
        containers.stop(id, stopTimeoutMillis, invoker.uid());
        containers.remove(id, true, invoker.uid());
    }

    @Override
    public java.util.Optional<String> address(String id, String bridge, String subnet) {
        return LeasedAddresses.of(stateBase, bridge, subnet, id);
    }

    @Override
    public Condition condition(String id) throws StateStoreException {
        try {
            ContainerState s = containers.inspect(id);
            return new Condition(s.process().isPresent(), HealthFile.read(stateBase.resolve(id)));
        } catch (ContainerCommandException e) {
            return new Condition(false, java.util.Optional.empty()); // removed meanwhile
        }
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
