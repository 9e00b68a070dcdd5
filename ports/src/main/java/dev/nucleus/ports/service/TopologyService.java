package dev.nucleus.ports.service;

import dev.nucleus.domain.event.HealthStatus;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.topology.Dependency;
import dev.nucleus.domain.topology.Reconciliation;
import dev.nucleus.domain.topology.Reconciliation.Action;
import dev.nucleus.domain.topology.ServiceDefinition;
import dev.nucleus.domain.topology.ServiceLaunch;
import dev.nucleus.domain.topology.Topology;
import dev.nucleus.domain.topology.TopologyVolume;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.ServiceStartException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ComposeTopologies;
import dev.nucleus.ports.in.ResolveLaunch;
import dev.nucleus.ports.out.TopologyHost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reconciles topologies on one host through {@link TopologyHost}: no daemon, the state is the containers'. */
public final class TopologyService implements ComposeTopologies {
    private static final long POLL_MILLIS = 200;
    private static final int RUNTIME_FAILURE = 125;
    /** Service names that are also host names (a '_' is not), for the hosts file. */
    private static final java.util.regex.Pattern HOSTNAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private final ResolveLaunch resolver;
    private final TopologyHost host;

    public TopologyService(ResolveLaunch resolver, TopologyHost host) {
        this.resolver = resolver;
        this.host = host;
    }

    @Override
    public List<Problem> validate(Topology topology, Invoker invoker) {
        List<Problem> problems = new ArrayList<>();
        for (String service : topology.startupOrder()) {
            ServiceLaunch launch = ServiceLaunch.of(topology, service);
            try {
                ContainerSpec spec = resolver.resolve(launch.request(), invoker);
                host.refusal(launch, spec).ifPresent(why -> problems.add(new Problem("services." + service,
                        launch.request().inOwnTerms(why))));
            } catch (InvalidRequestException e) {
                e.problems().forEach(p -> problems.add(new Problem("services." + service + ": " + p.subject(),
                        p.message())));
            }
        }
        return problems;
    }

    @Override
    public void up(Topology topology, Invoker invoker, long stopTimeoutMillis, Consumer<String> progress)
            throws InvalidTopologyException, ServiceStartException, LaunchFailedException, ContainerCommandException,
            StateStoreException {
        List<Problem> problems = validate(topology, invoker);
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
        try (TopologyHost.Held held = host.exclusive(topology.name())) {
            reconcile(topology, stopTimeoutMillis, progress);
        }
    }

    private void reconcile(Topology topology, long stopTimeoutMillis, Consumer<String> progress)
            throws ServiceStartException, LaunchFailedException, ContainerCommandException, StateStoreException {
        Reconciliation.Plan plan = Reconciliation.plan(topology, host.members(topology.name()));
        for (TopologyVolume volume : topology.volumes().values()) {
            if (volume.persistent()) {
                host.makeVolume(volume);
            }
        }
        for (Action action : plan.teardown()) {
            switch (action) {
                case Reconciliation.Remove r -> {
                    host.remove(r.id(), stopTimeoutMillis);
                    progress.accept("removed " + r.service() + " " + shortId(r.id()) + " (not in the topology)");
                }
                case Reconciliation.Replace r -> {
                    host.remove(r.id(), stopTimeoutMillis);
                    progress.accept("removed " + r.service() + " " + shortId(r.id()) + " (" + r.why() + ")");
                }
                default -> throw new IllegalStateException("not a teardown action: " + action);
            }
        }
        Map<String, String> ids = new HashMap<>();
        for (Action action : plan.startup()) {
            awaitDependencies(topology, topology.services().get(action.service()), ids);
            switch (action) {
                case Reconciliation.Keep k -> {
                    ids.put(k.service(), k.id());
                    progress.accept("unchanged " + k.service() + " " + shortId(k.id()));
                }
                case Reconciliation.Start s -> ids.put(s.service(), start(named(topology, s.launch(), ids), "started",
                        progress));
                case Reconciliation.Replace r -> ids.put(r.service(), start(named(topology, r.launch(), ids),
                        "replaced", progress));
                default -> throw new IllegalStateException("not a startup action: " + action);
            }
        }
    }

    /**
     * The launch with a hosts line for each service already placed on its network, under the
     * service's name and its container's: dependencies start first, so a service finds them by name.
     */
    private ServiceLaunch named(Topology topology, ServiceLaunch launch, Map<String, String> ids) {
        if (launch.bridge().isEmpty()) {
            return launch;
        }
        List<String> hosts = new ArrayList<>();
        ids.forEach((service, id) -> {
            if (launch.bridge().equals(ServiceLaunch.of(topology, service).bridge())) {
                host.address(id, launch.bridge().get(), launch.bridgeSubnet().orElseThrow()).ifPresent(ip -> {
                    for (String name : List.of(service, topology.containerName(service))) {
                        if (HOSTNAME.matcher(name).matches()) {
                            hosts.add(name + ":" + ip);
                        }
                    }
                });
            }
        });
        hosts.sort(null);
        return launch.withHosts(hosts);
    }

    private String start(ServiceLaunch launch, String verb, Consumer<String> progress) throws ServiceStartException {
        String id = host.start(launch);
        progress.accept(verb + " " + launch.service() + " " + shortId(id) + " as " + launch.containerName());
        return id;
    }

    /** Each dependency runs, and reports healthy where the dependent asks for that. */
    private void awaitDependencies(Topology topology, ServiceDefinition service, Map<String, String> ids)
            throws ServiceStartException, StateStoreException {
        for (Dependency d : service.dependsOn()) {
            String id = ids.get(d.service());
            if (d.condition() == Dependency.Condition.STARTED) {
                if (!host.condition(id).running()) {
                    throw new ServiceStartException(service.name() + " depends on " + d.service()
                            + ", whose container " + shortId(id) + " is no longer running", RUNTIME_FAILURE);
                }
            } else {
                awaitHealthy(service.name(), d.service(), id,
                        topology.services().get(d.service()).healthIntervalSeconds().orElse(30));
            }
        }
    }

    /** As the reference: up to max(3 × interval + 10, 20) seconds. */
    private void awaitHealthy(String dependent, String service, String id, long intervalSeconds)
            throws ServiceStartException, StateStoreException {
        long deadline = host.nowMillis() + Math.max(3 * intervalSeconds + 10, 20) * 1000;
        while (true) {
            TopologyHost.Condition c = host.condition(id);
            if (c.health().filter(h -> h == HealthStatus.HEALTHY).isPresent()) {
                return;
            }
            if (!c.running()) {
                throw new ServiceStartException(dependent + " waits for " + service + " to be healthy, but its"
                        + " container " + shortId(id) + " stopped", RUNTIME_FAILURE);
            }
            if (host.nowMillis() >= deadline) {
                throw new ServiceStartException(dependent + " waits for " + service + " to be healthy; it was still "
                        + c.health().map(HealthStatus::cliName).orElse("unchecked") + " after "
                        + Math.max(3 * intervalSeconds + 10, 20) + " s", RUNTIME_FAILURE);
            }
            host.pause(POLL_MILLIS);
        }
    }

    @Override
    public void down(Topology topology, long stopTimeoutMillis, Consumer<String> progress)
            throws ContainerCommandException, StateStoreException {
        try (TopologyHost.Held held = host.exclusive(topology.name())) {
            removeAll(topology, stopTimeoutMillis, progress);
        }
    }

    private void removeAll(Topology topology, long stopTimeoutMillis, Consumer<String> progress)
            throws ContainerCommandException, StateStoreException {
        List<Reconciliation.Existing> members = host.members(topology.name());
        List<String> order = topology.startupOrder().reversed();
        List<Reconciliation.Existing> sorted = new ArrayList<>(members.stream()
                .filter(m -> !order.contains(m.service())).toList());
        for (String service : order) {
            members.stream().filter(m -> m.service().equals(service)).forEach(sorted::add);
        }
        for (Reconciliation.Existing m : sorted) {
            host.remove(m.id(), stopTimeoutMillis);
            progress.accept("removed " + m.service() + " " + shortId(m.id()));
        }
    }

    @Override
    public List<ServiceStatus> status(Topology topology) throws StateStoreException {
        List<Reconciliation.Existing> members = host.members(topology.name());
        List<ServiceStatus> rows = new ArrayList<>();
        for (String service : topology.startupOrder()) {
            List<Reconciliation.Existing> mine = members.stream().filter(m -> m.service().equals(service)).toList();
            if (mine.isEmpty()) {
                rows.add(new ServiceStatus(service, Optional.empty(), "not created", Optional.empty()));
            }
            for (Reconciliation.Existing m : mine) {
                rows.add(row(m, service, ServiceLaunch.of(topology, service).configDigest()));
            }
        }
        for (Reconciliation.Existing m : members) {
            if (!topology.services().containsKey(m.service())) {
                rows.add(row(m, m.service(), ""));
            }
        }
        return rows;
    }

    private ServiceStatus row(Reconciliation.Existing m, String service, String digest) throws StateStoreException {
        TopologyHost.Condition c = host.condition(m.id());
        String status = c.running() ? "running" : "stopped";
        if (digest.isEmpty()) {
            status += " (not in the topology)";
        } else if (!digest.equals(m.configDigest())) {
            status += " (definition changed)";
        }
        // A stopped container's last verdict is history, not its health.
        return new ServiceStatus(service, Optional.of(m.id()), status,
                c.running() ? c.health().map(HealthStatus::cliName) : Optional.empty());
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
