package dev.nucleus.domain.value;

import java.util.Optional;

/** A port forward {@code [IP:]HOST:CONTAINER[/tcp|udp]}; IPv6 host addresses go in brackets. */
public record PortMapping(Optional<IpAddress> hostAddress, int hostPort, int containerPort, Protocol protocol) {
    public enum Protocol {
        TCP, UDP;

        @Override
        public String toString() {
            return AsciiText.lowerCase(name());
        }
    }

    public static PortMapping parse(String text) throws InvalidValueException {
        String t = text.strip();
        Protocol protocol = Protocol.TCP;
        int slash = t.lastIndexOf('/');
        if (slash >= 0) {
            protocol = switch (AsciiText.lowerCase(t.substring(slash + 1))) {
                case "tcp" -> Protocol.TCP;
                case "udp" -> Protocol.UDP;
                default -> throw new InvalidValueException("expected protocol tcp or udp after '/'");
            };
            t = t.substring(0, slash);
        }
        Optional<IpAddress> address = Optional.empty();
        if (t.startsWith("[")) {
            int close = t.indexOf("]:");
            if (close < 0) {
                throw expectation();
            }
            address = Optional.of(IpAddress.parse(t.substring(1, close)));
            t = t.substring(close + 2);
        } else {
            int first = t.indexOf(':');
            int last = t.lastIndexOf(':');
            if (first < 0) {
                throw expectation();
            }
            if (first != last) {
                address = Optional.of(IpAddress.parseV4Only(t.substring(0, first)));
                t = t.substring(first + 1);
            }
        }
        int colon = t.indexOf(':');
        if (colon < 0 || t.indexOf(':', colon + 1) >= 0) {
            throw expectation();
        }
        return new PortMapping(address, Numbers.parsePort(t.substring(0, colon)),
                Numbers.parsePort(t.substring(colon + 1)), protocol);
    }

    private static InvalidValueException expectation() {
        return new InvalidValueException("expected [IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp], such as 127.0.0.1:8080:80");
    }

    /**
     * Whether both would take the same host port: one protocol and port, and one address, or
     * either on every address (no host address).
     */
    public boolean clashesWith(PortMapping other) {
        return protocol == other.protocol && hostPort == other.hostPort
                && (hostAddress.isEmpty() || other.hostAddress.isEmpty() || hostAddress.equals(other.hostAddress));
    }

    @Override
    public String toString() {
        String host = hostAddress.map(a -> a.family() == IpAddress.Family.IPV6 ? "[" + a + "]:" : a + ":").orElse("");
        return host + hostPort + ":" + containerPort + "/" + protocol;
    }
}
