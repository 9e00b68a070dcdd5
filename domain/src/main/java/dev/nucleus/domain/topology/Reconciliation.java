package dev.nucleus.domain.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code compose up} does to make the host match a topology: keep a service whose container
 * runs the same definition, replace one whose definition changed or whose container no longer
 * runs, start one that has no container, and remove containers of services no longer in the
 * topology. Removals and replacements stop first (dependents before their dependencies), then the
 * services start in startup order.
 */
public final class Reconciliation {
    private Reconciliation() {
    }

    /** A container of the topology as the host has it now. */
    public record Existing(String id, String service, String configDigest, boolean running) {
    }

    public sealed interface Action {
        String service();
    }

    /** A running container of an unchanged service: left alone. */
    public record Keep(String service, String id) implements Action {
    }

    /** No container yet: start it. */
    public record Start(ServiceLaunch launch) implements Action {
        public String service() {
            return launch.service();
        }
    }

    /** A container with another definition, or one that is not running: remove it, start anew. */
    public record Replace(String id, ServiceLaunch launch, String why) implements Action {
        public String service() {
            return launch.service();
        }
    }

    /** A container of a service the topology no longer has. */
    public record Remove(String service, String id) implements Action {
    }

    /** The plan: what goes away, in stopping order, then every service, in startup order. */
    public record Plan(List<Action> teardown, List<Action> startup) {
    }

    public static Plan plan(Topology topology, List<Existing> existing) {
        Map<String, List<Existing>> byService = existing.stream()
                .collect(Collectors.groupingBy(Existing::service, LinkedHashMap::new, Collectors.toList()));
        List<String> order = topology.startupOrder();
        List<Action> teardown = new ArrayList<>();
        // Services gone from the document first (nothing in it depends on them any more).
        byService.forEach((service, containers) -> {
            if (!topology.services().containsKey(service)) {
                containers.forEach(c -> teardown.add(new Remove(service, c.id())));
            }
        });
        List<Action> startup = new ArrayList<>();
        Set<String> renewed = new java.util.HashSet<>();
        for (String service : order) {
            ServiceLaunch launch = ServiceLaunch.of(topology, service);
            List<Existing> containers = byService.getOrDefault(service, List.of());
            Optional<String> movedNeighbour = renewedDependency(topology, service, launch, renewed);
            if (containers.isEmpty()) {
                startup.add(new Start(launch));
                renewed.add(service);
            } else if (containers.size() == 1 && containers.getFirst().running()
                    && containers.getFirst().configDigest().equals(launch.configDigest())
                    && movedNeighbour.isEmpty()) {
                startup.add(new Keep(service, containers.getFirst().id()));
            } else if (containers.size() == 1 && containers.getFirst().running()
                    && containers.getFirst().configDigest().equals(launch.configDigest())) {
                // Its /etc/hosts names the dependency where it ran before: it starts again beside it.
                startup.add(new Replace(containers.getFirst().id(), launch, movedNeighbour.get()
                        + ", which it depends on over their network, was started anew"));
                renewed.add(service);
            } else {
                renewed.add(service);
                for (Existing c : containers) {
                    String why = !c.running() ? "its container is not running"
                            : !c.configDigest().equals(launch.configDigest()) ? "its definition changed"
                            : "it has more than one container";
                    startup.add(new Replace(c.id(), launch, why));
                }
            }
        }
        // Replacements stop dependents before what they depend on: the reverse startup order.
        List<Action> replaced = startup.stream().filter(a -> a instanceof Replace).toList();
        teardown.addAll(replaced.reversed());
        return new Plan(List.copyOf(teardown), dedupe(startup));
    }

    /** A dependency on the service's own network that this plan starts anew (its address may change). */
    private static Optional<String> renewedDependency(Topology topology, String service, ServiceLaunch launch,
                                                      Set<String> renewed) {
        if (launch.bridge().isEmpty()) {
            return Optional.empty();
        }
        return topology.services().get(service).dependsOn().stream().map(Dependency::service)
                .filter(d -> renewed.contains(d) && ServiceLaunch.of(topology, d).bridge().equals(launch.bridge()))
                .findFirst();
    }

    /** A service with several stale containers is started once. */
    private static List<Action> dedupe(List<Action> startup) {
        List<Action> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Action a : startup) {
            if (seen.add(a.service())) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }
}
