package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The workload's user, group and supplementary groups (names resolved later, inside the rootfs). */
public record Identity(Optional<String> user, Optional<String> group, List<String> additionalGroups) {
    /** ASCII digits only ({@code [0-9]+}): no stream, which a start would set up cold for it. */
    public static boolean isNumeric(String id) {
        return AsciiText.digits(id, 1, Integer.MAX_VALUE);
    }
}
