package dev.nucleus.linux.probe;

import dev.nucleus.domain.value.AsciiText;
import java.util.List;
import java.util.OptionalInt;

/** Reads fields of {@code /proc/<pid>/status}. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** The effective uid: second number of the {@code Uid:} line (real, effective, saved, fs). */
    static OptionalInt effectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                List<String> f = AsciiText.words(line.substring(4));
                if (f.size() >= 2) {
                    try {
                        return OptionalInt.of(Integer.parseInt(f.get(1)));
                    } catch (NumberFormatException e) {
                        return OptionalInt.empty();
                    }
                }
            }
        }
        return OptionalInt.empty();
    }
}
