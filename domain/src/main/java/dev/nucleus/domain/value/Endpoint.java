package dev.nucleus.domain.value;

/** An {@code IPv4:PORT} endpoint, such as the credential broker's. */
public record Endpoint(IpAddress address, int port) {
    public static Endpoint parseV4(String text) throws InvalidValueException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new InvalidValueException("expected IPv4:PORT, such as 10.0.42.1:8080");
        }
        return new Endpoint(IpAddress.parseV4Only(text.substring(0, colon)), Numbers.parsePort(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
