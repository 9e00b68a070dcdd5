package dev.nucleus.domain.topology;

import dev.nucleus.domain.value.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A network of a topology: a bridge of its own, which the services that name it share. The
 * bridge's name is derived from the topology's and the network's names (interface names are at
 * most 15 characters), so two topologies never share one.
 */
public record TopologyNetwork(String name, String bridge, String subnet) {
    public static final String DEFAULT_SUBNET = "10.42.0.0/24";

    static String bridgeName(String topology, String network) {
        byte[] digest = Sha256.digest((topology + "/" + network).getBytes(StandardCharsets.UTF_8));
        return "nct" + HexFormat.of().formatHex(digest, 0, 5);
    }
}
