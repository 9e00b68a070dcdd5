package dev.nucleus.linux.net;

import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.ports.LaunchFailedException;

import java.util.List;

/**
 * The bridge check a launch makes when it creates its bridge, asked ahead with nothing made (for
 * compose, which checks every service before it starts the first): a new bridge's subnet must not
 * overlap an address the host already has. An existing bridge is judged when it is joined.
 */
public final class BridgeSubnets {
    private BridgeSubnets() {
    }

    public static void checkFree(BridgeSettings bridge) throws LaunchFailedException {
        if (!BridgeLink.exists(bridge.name())) {
            BridgeLink.refuseOverlap(bridge, HostTools.run("ip", List.of("-o", "-4", "addr", "show")));
        }
    }
}
