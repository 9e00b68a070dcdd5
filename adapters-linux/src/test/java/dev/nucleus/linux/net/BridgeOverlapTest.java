package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.spec.BridgeSettings;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.ports.LaunchFailedException;
import org.junit.jupiter.api.Test;

/** A new bridge is refused when its subnet overlaps an address the host holds ({@code ip -o -4 addr show}). */
class BridgeOverlapTest {
    static final String HOST = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever
            9: nct3ad5158ad4    inet 10.77.0.1/24 brd 10.77.0.255 scope global nct3ad5158ad4\\       valid_lft forever
            """;

    private static BridgeSettings bridge(String subnet) throws Exception {
        return new BridgeSettings("nctfresh", Cidr.parse(subnet));
    }

    @Test
    void aSubnetAnotherBridgeHoldsIsRefusedNamingIt() throws Exception {
        LaunchFailedException e = assertThrows(dev.nucleus.ports.PolicyRejectedException.class,
                () -> BridgeLink.refuseOverlap(bridge("10.77.0.0/24"), HOST), "the request's own conflict: exit 2");
        assertTrue(e.getMessage().contains("overlaps 10.77.0.1/24 on nct3ad5158ad4"), e.getMessage());
        assertThrows(LaunchFailedException.class, () -> BridgeLink.refuseOverlap(bridge("10.77.0.128/25"), HOST));
        assertThrows(LaunchFailedException.class, () -> BridgeLink.refuseOverlap(bridge("192.0.0.0/16"), HOST));
    }

    @Test
    void aFreeSubnetPasses() throws Exception {
        assertDoesNotThrow(() -> BridgeLink.refuseOverlap(bridge("10.78.0.0/24"), HOST));
        assertDoesNotThrow(() -> BridgeLink.refuseOverlap(bridge("10.0.42.0/24"), HOST));
        assertDoesNotThrow(() -> BridgeLink.refuseOverlap(bridge("10.0.42.0/24"), "garbage\n\n3: x inet nonsense\n"));
    }
}
