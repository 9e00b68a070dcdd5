package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.InvalidValueException;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A container started by {@code compose up} for one service of a topology, and the digest of the
 * launch request it was started from: recorded in the container's annotations, so that a later
 * {@code up} knows which containers are the topology's and which ones to replace. Travels as the
 * hidden option {@code --topology-member TOPOLOGY/SERVICE/DIGEST}.
 */
public record TopologyMember(String topology, String service, String configDigest) {
    public static final String TOPOLOGY = "dev.nucleus.topology";
    public static final String SERVICE = "dev.nucleus.topology.service";
    public static final String DIGEST = "dev.nucleus.topology.config-digest";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{16,64}");

    public TopologyMember {
        if (!NAME.matcher(topology).matches() || !NAME.matcher(service).matches() || !HEX.matcher(configDigest).matches()) {
            throw new IllegalArgumentException("not a topology member: " + topology + "/" + service);
        }
    }

    public static TopologyMember parse(String text) throws InvalidValueException {
        String[] parts = text.split("/", -1);
        if (parts.length != 3 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()
                || !HEX.matcher(parts[2]).matches()) {
            throw new InvalidValueException("expected TOPOLOGY/SERVICE/DIGEST (names of letters, digits, '_', '.'"
                    + " and '-'; a lower-case hex digest)");
        }
        return new TopologyMember(parts[0], parts[1], parts[2]);
    }

    /** Whether a container's annotations mark it as a member of {@code topology}. */
    public static boolean inTopology(Map<String, String> annotations, String topology) {
        return topology.equals(annotations.get(TOPOLOGY));
    }

    public String text() {
        return topology + "/" + service + "/" + configDigest;
    }

    public Map<String, String> annotations() {
        return Map.of(TOPOLOGY, topology, SERVICE, service, DIGEST, configDigest);
    }
}
