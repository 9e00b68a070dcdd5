package dev.nucleus.linux.net;

import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The IPv4 address a container holds on a bridge, as its lease records it ({@link AddressLeases}):
 * for {@code compose}, which names each service in the hosts file of the services that start after it.
 */
public final class LeasedAddresses {
    private LeasedAddresses() {
    }

    /** The address leased to {@code containerId} on {@code bridge} (of {@code subnet}), if it holds one. */
    public static Optional<String> of(Path stateBase, String bridge, String subnet, String containerId) {
        try {
            BridgeSettings settings = new BridgeSettings(bridge, Cidr.parse(subnet));
            for (Map.Entry<Long, String> lease : new AddressLeases(NetworkState.of(stateBase).leases(bridge), settings)
                    .all().entrySet()) {
                if (lease.getValue().equals(containerId)) {
                    return Optional.of(settings.host(lease.getKey()).toString());
                }
            }
        } catch (InvalidValueException | IllegalArgumentException | LaunchFailedException e) {
            return Optional.empty(); // no readable lease: the service is not named
        }
        return Optional.empty();
    }
}
