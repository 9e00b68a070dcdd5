package dev.nucleus.domain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResourcesTest {
    @Test
    void weightToSharesIsRuncsLinearMap() {
        assertEquals(2, Resources.cpuShares(1));
        assertEquals(262_144, Resources.cpuShares(10_000));
        assertEquals(2 + (99L * 262_142) / 9_999, Resources.cpuShares(100));
        assertEquals(2597, Resources.cpuShares(100));
        // monotonic over the whole range
        for (int w = 2; w <= 10_000; w++) {
            if (Resources.cpuShares(w) < Resources.cpuShares(w - 1)) {
                throw new AssertionError("not monotonic at " + w);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Resources.cpuShares(0));
        assertThrows(IllegalArgumentException.class, () -> Resources.cpuShares(10_001));
    }
}
