package dev.nucleus.ports.in;

import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.topology.Topology;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.ServiceStartException;
import dev.nucleus.ports.StateStoreException;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Use cases of {@code nucleus compose}: check, reconcile, show and tear down a topology. */
public interface ComposeTopologies {
    /**
     * Every service's launch checked by the launch rules and by what the host checks before it
     * makes anything (host paths, attestation, lockdown, policy files); empty when all may start.
     */
    List<Problem> validate(Topology topology, Invoker invoker);

    /**
     * Makes the host run the topology (see {@code Reconciliation}); {@code progress} gets a line
     * per action. Validates first: nothing is touched when a service would be refused.
     */
    void up(Topology topology, Invoker invoker, long stopTimeoutMillis, Consumer<String> progress)
            throws InvalidTopologyException, ServiceStartException, LaunchFailedException, ContainerCommandException,
            StateStoreException;

    /** Stops and removes the topology's containers, dependents first. */
    void down(Topology topology, long stopTimeoutMillis, Consumer<String> progress)
            throws ContainerCommandException, StateStoreException;

    /** One row per service (in startup order), then containers of services the document no longer has. */
    List<ServiceStatus> status(Topology topology) throws StateStoreException;

    record ServiceStatus(String service, Optional<String> id, String status, Optional<String> health) {
    }

    /** The topology's services would be refused; every problem, each named by its service. */
    final class InvalidTopologyException extends Exception {
        private final List<Problem> problems;

        public InvalidTopologyException(List<Problem> problems) {
            super(problems.size() + " problem(s)", null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }
}
