package dev.nucleus.linux.probe;

import java.util.OptionalInt;

/** Reads fields of {@code /proc/<pid>/status}. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** The effective uid: second number of the {@code Uid:} line (real, effective, saved, fs). */
    static OptionalInt effectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] f = line.substring(4).strip().split("\\s+");
                if (f.length >= 2) {
                    try {
                        return OptionalInt.of(Integer.parseInt(f[1]));
                    } catch (NumberFormatException e) {
                        return OptionalInt.empty();
                    }
                }
            }
        }
        return OptionalInt.empty();
    }
}
