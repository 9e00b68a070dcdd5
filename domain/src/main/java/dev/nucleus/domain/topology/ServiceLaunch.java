package dev.nucleus.domain.topology;

import dev.nucleus.domain.spec.TopologyMember;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.value.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The detached launch a service of a topology runs as: its options, named {@code TOPOLOGY-SERVICE},
 * and labelled with the digest of everything else in the request, so that {@code compose up} can
 * tell a running service whose definition changed (replace it) from one that did not (keep it).
 */
public record ServiceLaunch(String service, String containerName, String configDigest, RawLaunchRequest request) {
    public static ServiceLaunch of(Topology topology, String service) {
        ServiceDefinition def = topology.services().get(service);
        if (def == null) {
            throw new IllegalArgumentException("no service " + service + " in topology " + topology.name());
        }
        Map<LaunchOption, List<String>> values = new EnumMap<>(def.options());
        String container = topology.containerName(service);
        values.put(LaunchOption.NAME, List.of(container));
        values.put(LaunchOption.DETACH, List.of("true"));
        values.put(LaunchOption.QUIET_ID, List.of("true"));
        String digest = digest(values, def.command());
        values.put(LaunchOption.TOPOLOGY_MEMBER, List.of(new TopologyMember(topology.name(), service, digest).text()));
        return new ServiceLaunch(service, container, digest, new RawLaunchRequest(values, def.command(),
                RawLaunchRequest.Origin.CONFIG_DOCUMENT, ServiceReader.KEY_NAMES));
    }

    /**
     * The same launch with {@code NAME:IP} lines for its /etc/hosts: where the services it shares a
     * network with are. Not part of the digest: an address is where a service runs, not what it is.
     */
    public ServiceLaunch withHosts(List<String> entries) {
        if (entries.isEmpty()) {
            return this;
        }
        Map<LaunchOption, List<String>> values = new EnumMap<>(request.values());
        List<String> hosts = new java.util.ArrayList<>(request.get(LaunchOption.ADD_HOST));
        hosts.addAll(entries);
        values.put(LaunchOption.ADD_HOST, hosts);
        return new ServiceLaunch(service, containerName, configDigest, request.withValues(values));
    }

    /** The bridge the service joins, if it is on a network of the topology. */
    public java.util.Optional<String> bridge() {
        return request.get(LaunchOption.BRIDGE).stream().findFirst();
    }

    /** The subnet of that bridge. */
    public java.util.Optional<String> bridgeSubnet() {
        return request.get(LaunchOption.BRIDGE_SUBNET).stream().findFirst();
    }

    /** SHA-256 over the options (in their fixed order) and the command, each value length-prefixed; 32 hex digits. */
    static String digest(Map<LaunchOption, List<String>> values, List<String> command) {
        StringBuilder canonical = new StringBuilder();
        new EnumMap<>(values).forEach((option, texts) -> {
            canonical.append(option.name()).append('=');
            texts.forEach(t -> canonical.append(t.length()).append(':').append(t).append(';'));
            canonical.append('\n');
        });
        canonical.append("command=");
        command.forEach(t -> canonical.append(t.length()).append(':').append(t).append(';'));
        return HexFormat.of().formatHex(Sha256.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    }
}
