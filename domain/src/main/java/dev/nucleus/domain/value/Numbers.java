package dev.nucleus.domain.value;

/** Parsers for bounded integers, with messages that state the accepted range. */
public final class Numbers {
    private Numbers() {
    }

    public static long parseLong(String text, long min, long max) throws InvalidValueException {
        String t = text.strip();
        long n;
        try {
            if (!decimal(t)) {
                throw new NumberFormatException();
            }
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new InvalidValueException(rangeText(min, max));
        }
        if (n < min || n > max) {
            throw new InvalidValueException(rangeText(min, max));
        }
        return n;
    }

    /** {@code [+-]?[0-9]{1,19}}, by hand: numbers are parsed on every launch, and a regex compiled each time. */
    private static boolean decimal(String t) {
        int start = !t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        int digits = t.length() - start;
        if (digits < 1 || digits > 19) {
            return false;
        }
        for (int i = start; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    public static int parseInt(String text, int min, int max) throws InvalidValueException {
        return (int) parseLong(text, min, max);
    }

    /** A TCP/UDP port, 1..65535. */
    public static int parsePort(String text) throws InvalidValueException {
        try {
            return parseInt(text, 1, 65535);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("expected a port number from 1 to 65535");
        }
    }

    /** A boolean written as true/false (config documents also give real booleans). */
    public static boolean parseBoolean(String text) throws InvalidValueException {
        return switch (AsciiText.lowerCase(text.strip())) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValueException("expected true or false");
        };
    }

    private static String rangeText(long min, long max) {
        if (max == Long.MAX_VALUE) {
            return "expected a whole number of at least " + min;
        }
        return "expected a whole number from " + min + " to " + max;
    }
}
