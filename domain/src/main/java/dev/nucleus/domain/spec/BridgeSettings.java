package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.value.Cidr;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.IpAddress;

/**
 * The kernel bridge of --network bridge: its name and IPv4 subnet, whose first address is the
 * gateway (on the bridge) and the rest, up to the broadcast address, the containers'. Any prefix
 * length from /8 to /30 works. Each bridge also carries an IPv6 ULA /64 derived from the IPv4
 * subnet, so that IPv6 egress rules have something to police.
 */
public record BridgeSettings(String name, Cidr subnet) {
    public static final String DEFAULT_NAME = "nucleus0";
    public static final String DEFAULT_SUBNET = "10.0.42.0/24";

    public BridgeSettings {
        if (!AsciiText.nameCharacters(name, 1, 15) || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("a bridge name is 1 to 15 of A-Z a-z 0-9 _ . -");
        }
        if (subnet.address().family() != IpAddress.Family.IPV4 || subnet.prefixLength() < 8
                || subnet.prefixLength() > 30) {
            throw new IllegalArgumentException("the bridge subnet is an IPv4 network from /8 to /30");
        }
    }

    /** nucleus0 on 10.0.42.0/24 (parsed once: every launch's request and rules ask for it). */
    public static BridgeSettings defaults() {
        return Defaults.VALUE;
    }

    private static final class Defaults {
        static final BridgeSettings VALUE;

        static {
            try {
                VALUE = new BridgeSettings(DEFAULT_NAME, Cidr.parse(DEFAULT_SUBNET));
            } catch (InvalidValueException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static String parseName(String text) throws InvalidValueException {
        if (!text.matches("[A-Za-z0-9_.-]{1,15}") || text.equals(".") || text.equals("..")) {
            throw new InvalidValueException("expected an interface name of 1 to 15 characters (A-Z a-z 0-9 _ . -)");
        }
        return text;
    }

    public static Cidr parseSubnet(String text) throws InvalidValueException {
        Cidr c = Cidr.parse(text);
        if (c.address().family() != IpAddress.Family.IPV4 || c.prefixLength() < 8 || c.prefixLength() > 30) {
            throw new InvalidValueException("expected an IPv4 network from /8 to /30 (a gateway and at least one"
                    + " container address)");
        }
        return c;
    }

    /** The gateway: the subnet's first address. */
    public IpAddress gateway() {
        return host(1);
    }

    /** The {@code n}-th address of the subnet (0 is the network address). */
    public IpAddress host(long n) {
        return new IpAddress(IpAddress.Family.IPV4, 0, subnet.address().low() + n);
    }

    /** How many addresses the containers may take: all but network, gateway and broadcast. */
    public long containerAddresses() {
        return (1L << (32 - subnet.prefixLength())) - 3;
    }

    /** The IPv6 ULA /64 of this bridge: fd6e:7563: and the IPv4 network's 32 bits. */
    public String ipv6Prefix() {
        long v4 = subnet.address().low();
        return String.format("fd6e:7563:%x:%x", (v4 >> 16) & 0xffff, v4 & 0xffff);
    }

    /** The IPv6 address matching IPv4 host number {@code n} (the gateway is ::1). */
    public String ipv6Host(long n) {
        // A /15 or larger subnet has host numbers above 0xffff: those take two 16-bit groups.
        String high = n > 0xffff ? Long.toHexString(n >>> 16) + ":" : "";
        return ipv6Prefix() + "::" + high + Long.toHexString(n & 0xffff);
    }
}
