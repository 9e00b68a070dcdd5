package dev.nucleus.domain.value;

import java.util.List;
import java.util.OptionalLong;

/** A block-device throttle {@code "MAJ:MIN riops=N wiops=N rbps=N wbps=N"} (at least one limit). */
public record IoLimit(int major, int minor, OptionalLong readIops, OptionalLong writeIops,
                      OptionalLong readBps, OptionalLong writeBps) {

    public static IoLimit parse(String text) throws InvalidValueException {
        // strip().split("\\s+") without its regex (compiled cold, 2.7 ms of such a start)
        List<String> words = AsciiText.words(text.strip());
        if (words.isEmpty()) {
            throw expectation();
        }
        String[] dev = words.getFirst().split(":", -1);
        if (dev.length != 2) {
            throw expectation();
        }
        int major = Numbers.parseInt(dev[0], 0, 0xFFF);
        int minor = Numbers.parseInt(dev[1], 0, 0xFFFFF);
        OptionalLong riops = OptionalLong.empty();
        OptionalLong wiops = OptionalLong.empty();
        OptionalLong rbps = OptionalLong.empty();
        OptionalLong wbps = OptionalLong.empty();
        if (words.size() < 2) {
            throw new InvalidValueException("give at least one of riops=, wiops=, rbps=, wbps=");
        }
        for (String word : words.subList(1, words.size())) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw expectation();
            }
            String value = word.substring(eq + 1);
            String key = word.substring(0, eq);
            switch (key) {
                case "riops" -> riops = once(key, riops, Numbers.parseLong(value, 1, Long.MAX_VALUE));
                case "wiops" -> wiops = once(key, wiops, Numbers.parseLong(value, 1, Long.MAX_VALUE));
                case "rbps" -> rbps = once(key, rbps, positiveBytes(value));
                case "wbps" -> wbps = once(key, wbps, positiveBytes(value));
                default -> throw new InvalidValueException("unknown key '" + word.substring(0, eq)
                        + "': use riops, wiops, rbps or wbps");
            }
        }
        return new IoLimit(major, minor, riops, wiops, rbps, wbps);
    }

    /** A key given twice would leave one of its values unused: refused, not decided by order. */
    private static OptionalLong once(String key, OptionalLong earlier, long value) throws InvalidValueException {
        if (earlier.isPresent()) {
            throw new InvalidValueException("the key '" + key + "' is given twice");
        }
        return OptionalLong.of(value);
    }

    private static long positiveBytes(String value) throws InvalidValueException {
        long bytes = ByteSize.parse(value).bytes();
        if (bytes == 0) {
            throw new InvalidValueException("a bytes-per-second limit must be more than 0");
        }
        return bytes;
    }

    private static InvalidValueException expectation() {
        return new InvalidValueException("expected \"MAJ:MIN riops=N wiops=N rbps=N wbps=N\", such as \"8:0 wbps=10M\"");
    }

    /** {@code MAJ:MIN}. */
    public String device() {
        return new StringBuilder(12).append(major).append(':').append(minor).toString();
    }

    /**
     * The canonical form, as {@code io.max} takes it. Appended by hand: no lambda or string
     * concatenation whose call site a cold start links (this path is not in the AOT cache).
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(device());
        limit(sb, " riops=", readIops);
        limit(sb, " wiops=", writeIops);
        limit(sb, " rbps=", readBps);
        limit(sb, " wbps=", writeBps);
        return sb.toString();
    }

    private static void limit(StringBuilder sb, String key, OptionalLong value) {
        if (value.isPresent()) {
            sb.append(key).append(value.getAsLong());
        }
    }
}
