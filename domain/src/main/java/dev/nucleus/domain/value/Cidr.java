package dev.nucleus.domain.value;

/**
 * An IPv4 or IPv6 network in CIDR notation. A bare address means a single host (/32 or /128).
 * Host bits must be zero, so {@code 10.0.0.1/8} is refused rather than silently widened.
 */
public record Cidr(IpAddress address, int prefixLength) {
    public static Cidr parse(String text) throws InvalidValueException {
        String t = text.strip();
        int slash = t.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? t : t.substring(0, slash));
        int prefix = address.bits();
        if (slash >= 0) {
            try {
                prefix = Numbers.parseInt(t.substring(slash + 1), 0, address.bits());
            } catch (InvalidValueException e) {
                throw new InvalidValueException("expected a prefix length from 0 to " + address.bits());
            }
        }
        if (!hostBitsZero(address, prefix)) {
            throw new InvalidValueException("host bits are set; did you mean " + network(address, prefix) + "?");
        }
        return new Cidr(address, prefix);
    }

    private static boolean hostBitsZero(IpAddress a, int prefix) {
        IpAddress n = network(a, prefix).address;
        return n.high() == a.high() && n.low() == a.low(); // not equals(): its first call costs a cold JVM ~6 ms
    }

    /** The network of {@code prefix} bits that holds {@code a} (its host bits cleared). */
    public static Cidr enclosing(IpAddress a, int prefix) {
        return network(a, prefix);
    }

    private static Cidr network(IpAddress a, int prefix) {
        if (a.family() == IpAddress.Family.IPV4) {
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return new Cidr(new IpAddress(a.family(), 0, a.low() & mask), prefix);
        }
        long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
        long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
        return new Cidr(new IpAddress(a.family(), a.high() & hiMask, a.low() & loMask), prefix);
    }

    /** Whether the two networks share an address (one contains the other); never across families. */
    public boolean overlaps(Cidr other) {
        if (address.family() != other.address.family()) {
            return false;
        }
        int shorter = Math.min(prefixLength, other.prefixLength);
        Cidr a = network(address, shorter);
        Cidr b = network(other.address, shorter);
        return a.address.high() == b.address.high() && a.address.low() == b.address.low();
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
