package dev.nucleus.domain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResourcesTest {
    @Test
    void weightToSharesIsTheKernelsOwnScaleWhereTheDefaultsMeet() {
        assertEquals(1024, Resources.cpuShares(100), "v2's default weight is v1's default share");
        assertEquals(10, Resources.cpuShares(1));
        assertEquals(102_400, Resources.cpuShares(10_000));
        assertEquals(512, Resources.cpuShares(50));
        assertEquals(2048, Resources.cpuShares(200));
        assertEquals(1556, Resources.cpuShares(152), "rounded to the closest (1556.48)");
        assertEquals(1546, Resources.cpuShares(151), "rounded to the closest (1546.24)");
        // strictly increasing, and within v1's [2, 262144], over the whole range
        for (int w = 2; w <= 10_000; w++) {
            if (Resources.cpuShares(w) <= Resources.cpuShares(w - 1)) {
                throw new AssertionError("not increasing at " + w);
            }
        }
        assertTrue(Resources.cpuShares(1) >= 2 && Resources.cpuShares(10_000) <= 262_144);
        assertThrows(IllegalArgumentException.class, () -> Resources.cpuShares(0));
        assertThrows(IllegalArgumentException.class, () -> Resources.cpuShares(10_001));
    }
}
