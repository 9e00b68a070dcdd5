package dev.nucleus.linux.supervise;

import java.util.OptionalInt;

/**
 * The last line a supervisor writes to the command waiting for it: the container runs, or the
 * launch ended with an exit status. Everything before it is what the launch said (errors,
 * warnings), passed on to the operator as it is.
 */
final class StatusMarker {
    static final String PREFIX = "@@nucleus-supervise ";
    static final String STARTED = PREFIX + "started";
    static final String EXIT = PREFIX + "exit ";

    private StatusMarker() {
    }

    static String exit(int status) {
        return EXIT + status;
    }

    /** 0 for started, the exit status for exit, empty for a line that is not a marker. */
    static OptionalInt parse(String line) {
        if (line.equals(STARTED)) {
            return OptionalInt.of(0);
        }
        if (line.startsWith(EXIT)) {
            try {
                return OptionalInt.of(Integer.parseInt(line.substring(EXIT.length()).trim()));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }
}
