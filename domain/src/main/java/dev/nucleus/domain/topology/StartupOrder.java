package dev.nucleus.domain.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kahn's algorithm over the services' dependencies: among services ready at the same time the
 * alphabetically first goes first, so the order is the same on every run. Shutdown is the reverse.
 */
public final class StartupOrder {
    private StartupOrder() {
    }

    /** The order; a cycle is an IllegalArgumentException naming the services on it or behind it. */
    static List<String> of(Topology topology) {
        Map<String, Integer> waitingFor = new TreeMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        topology.services().forEach((name, service) -> {
            waitingFor.put(name, service.dependsOn().size());
            for (Dependency d : service.dependsOn()) {
                dependents.computeIfAbsent(d.service(), k -> new ArrayList<>()).add(name);
            }
        });
        TreeSet<String> ready = new TreeSet<>();
        waitingFor.forEach((name, n) -> {
            if (n == 0) {
                ready.add(name);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            order.add(next);
            for (String dependent : dependents.getOrDefault(next, List.of())) {
                if (waitingFor.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < waitingFor.size()) {
            List<String> stuck = waitingFor.keySet().stream().filter(s -> !order.contains(s)).toList();
            throw new Cycle(stuck);
        }
        return List.copyOf(order);
    }

    /** Services that wait for each other: none of them can start. */
    public static final class Cycle extends IllegalArgumentException {
        private final List<String> stuck;

        Cycle(List<String> stuck) {
            super("the dependencies form a cycle: " + String.join(", ", stuck) + " cannot start");
            this.stuck = List.copyOf(stuck);
        }

        /** The services caught in it, in the topology's order. */
        public List<String> stuck() {
            return stuck;
        }
    }
}
