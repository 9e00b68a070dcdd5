package dev.nucleus.linux.supervise;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One record of a container log, in the CRI logging format Kubernetes uses:
 * {@code 2026-11-28T17:30:45.123456789Z stdout F text}; {@code P} marks a partial line (a
 * long line cut, or output without a newline yet), continued by the next record.
 */
public record LogLine(Instant time, Stream stream, boolean partial, String text) {
    public enum Stream {
        STDOUT, STDERR;

        String word() {
            return this == STDOUT ? "stdout" : "stderr";
        }
    }

    String format() {
        return time + " " + stream.word() + " " + (partial ? "P" : "F") + " " + text + "\n";
    }

    /** The record on {@code line} (without its newline); empty for one that is not in the format. */
    static Optional<LogLine> parse(String line) {
        int a = line.indexOf(' ');
        int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : line.indexOf(' ', b + 1);
        if (c < 0) {
            return Optional.empty();
        }
        Stream stream = switch (line.substring(a + 1, b)) {
            case "stdout" -> Stream.STDOUT;
            case "stderr" -> Stream.STDERR;
            default -> null;
        };
        String tag = line.substring(b + 1, c);
        if (stream == null || !(tag.equals("F") || tag.equals("P"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LogLine(Instant.parse(line.substring(0, a)), stream, tag.equals("P"),
                    line.substring(c + 1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
