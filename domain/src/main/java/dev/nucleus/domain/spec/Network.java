package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Network namespace, NAT, port forwards, DNS and egress as requested. */
public record Network(NetworkMode mode, boolean allowHostNetwork, NatBackend natBackend, List<PortMapping> publish,
                      List<IpAddress> dns, List<HostEntry> extraHosts, Egress egress,
                      Optional<Endpoint> credentialBroker, boolean brokerProxyEnv, BridgeSettings bridge) {
}
