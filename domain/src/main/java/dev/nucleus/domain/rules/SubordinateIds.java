package dev.nucleus.domain.rules;

import dev.nucleus.domain.value.IdMapping;

/**
 * The caller's first subordinate id ranges, as {@code /etc/subuid} and {@code /etc/subgid} give
 * them ({@code start} and {@code count} of each): the host ids {@code --userns keep-id} and
 * {@code auto} map the container's other ids onto.
 */
public record SubordinateIds(long uidStart, long uidCount, long gidStart, long gidCount) {
    public SubordinateIds {
        if (!valid(uidStart, uidCount) || !valid(gidStart, gidCount)) {
            throw new IllegalArgumentException("subordinate ranges start above 0, hold at least one id and end"
                    + " within the 32-bit id space");
        }
    }

    /** A range {@code /etc/subuid} may give: above 0, not empty, inside the 32-bit id space. */
    public static boolean valid(long start, long count) {
        return start >= 1 && count >= 1 && start + count - 1 <= IdMapping.MAX_ID;
    }
}
