package dev.nucleus.linux.probe;

import dev.nucleus.linux.sys.SelfIds;
import java.util.OptionalInt;

/** Reads fields of {@code /proc/<pid>/status}. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** The effective uid: second number of the {@code Uid:} line (real, effective, saved, fs). */
    static OptionalInt effectiveUid(String status) {
        try {
            // the line may open the text: the parser finds a line by the break before it
            return OptionalInt.of(Math.toIntExact(SelfIds.effective("\n" + status, "\nUid:")));
        } catch (IllegalStateException | NumberFormatException | ArithmeticException e) {
            return OptionalInt.empty();
        }
    }
}
