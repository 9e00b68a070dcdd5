package dev.nucleus.domain.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;

/**
 * A single-host topology: services that run as detached containers named {@code NAME-SERVICE},
 * started in dependency order. Read from the user's TOML by {@link TopologyReader}; every service
 * is already translated into the launch options it runs with.
 *
 * @param name     letters, digits, '_', '.' and '-'
 * @param volumes  the persistent ones are made by {@code compose up}
 * @param services in the order the document lists them
 */
public record Topology(String name, SequencedMap<String, TopologyVolume> volumes,
                       SequencedMap<String, ServiceDefinition> services) {
    public Topology {
        volumes = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(volumes));
        services = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(services));
    }

    /** The container name of a service: {@code TOPOLOGY-SERVICE}. */
    public String containerName(String service) {
        return name + "-" + service;
    }

    /** Services in the order they start: each after everything it depends on. */
    public List<String> startupOrder() {
        return StartupOrder.of(this);
    }
}
