package dev.nucleus.domain.value;


/**
 * A size in bytes written as {@code N[K|M|G|T]} with 1024-based units ({@code 512M}, {@code 1G},
 * {@code 64K}, plain bytes). An optional trailing {@code B} or {@code iB} is accepted.
 */
public record ByteSize(long bytes) {
    private static final String[] UNITS = {"", "K", "M", "G", "T"};

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    public static ByteSize parse(String text) throws InvalidValueException {
        String t = AsciiText.upperCase(text.strip());
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.isEmpty()) {
            throw expectation();
        }
        int shift = 0;
        char last = t.charAt(t.length() - 1);
        if (Character.isLetter(last)) {
            int unit = "KMGT".indexOf(last);
            if (unit < 0) {
                throw expectation();
            }
            shift = 10 * (unit + 1);
            t = t.substring(0, t.length() - 1);
        }
        if (!AsciiText.digits(t, 1, 19)) {
            throw expectation();
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw expectation();
        }
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new InvalidValueException("size is too large");
        }
        return new ByteSize(n << shift);
    }

    private static InvalidValueException expectation() {
        return new InvalidValueException("expected a size such as 512M, 1G, 64K or a byte count");
    }

    /** The shortest exact rendering: {@code 1G} rather than {@code 1024M}. */
    @Override
    public String toString() {
        long n = bytes;
        int unit = 0;
        while (n != 0 && n % 1024 == 0 && unit < UNITS.length - 1) {
            n /= 1024;
            unit++;
        }
        return n + UNITS[unit];
    }
}
