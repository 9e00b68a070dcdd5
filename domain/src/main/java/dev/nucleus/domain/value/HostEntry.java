package dev.nucleus.domain.value;

/** An extra {@code /etc/hosts} line, {@code NAME:IP} (IPv6 addresses keep their colons). */
public record HostEntry(String name, IpAddress address) {
    public static HostEntry parse(String text) throws InvalidValueException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidValueException("expected NAME:IP, such as db.internal:10.0.0.5");
        }
        return new HostEntry(Names.hostname(text.substring(0, colon)), IpAddress.parse(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return name + ":" + address;
    }
}
