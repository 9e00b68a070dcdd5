package dev.nucleus.domain.value;

import java.util.OptionalLong;

/** A block-device throttle {@code "MAJ:MIN riops=N wiops=N rbps=N wbps=N"} (at least one limit). */
public record IoLimit(int major, int minor, OptionalLong readIops, OptionalLong writeIops,
                      OptionalLong readBps, OptionalLong writeBps) {

    public static IoLimit parse(String text) throws InvalidValueException {
        String[] words = text.strip().split("\\s+");
        String[] dev = words[0].split(":", -1);
        if (dev.length != 2) {
            throw expectation();
        }
        int major = Numbers.parseInt(dev[0], 0, 0xFFF);
        int minor = Numbers.parseInt(dev[1], 0, 0xFFFFF);
        OptionalLong riops = OptionalLong.empty();
        OptionalLong wiops = OptionalLong.empty();
        OptionalLong rbps = OptionalLong.empty();
        OptionalLong wbps = OptionalLong.empty();
        if (words.length < 2) {
            throw new InvalidValueException("give at least one of riops=, wiops=, rbps=, wbps=");
        }
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq < 0) {
                throw expectation();
            }
            String value = words[i].substring(eq + 1);
            switch (words[i].substring(0, eq)) {
                case "riops" -> riops = OptionalLong.of(Numbers.parseLong(value, 1, Long.MAX_VALUE));
                case "wiops" -> wiops = OptionalLong.of(Numbers.parseLong(value, 1, Long.MAX_VALUE));
                case "rbps" -> rbps = OptionalLong.of(positiveBytes(value));
                case "wbps" -> wbps = OptionalLong.of(positiveBytes(value));
                default -> throw new InvalidValueException("unknown key '" + words[i].substring(0, eq)
                        + "': use riops, wiops, rbps or wbps");
            }
        }
        return new IoLimit(major, minor, riops, wiops, rbps, wbps);
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(major + ":" + minor);
        readIops.ifPresent(v -> sb.append(" riops=").append(v));
        writeIops.ifPresent(v -> sb.append(" wiops=").append(v));
        readBps.ifPresent(v -> sb.append(" rbps=").append(v));
        writeBps.ifPresent(v -> sb.append(" wbps=").append(v));
        return sb.toString();
    }
}
