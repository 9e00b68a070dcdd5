package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StartTimingsTest {
    /** The hand-written formatting prints what {@code %.2f} printed before it. */
    @Test
    void millisPrintsAsPercentPointTwoF() {
        long[] edges = {0, 1, 4_999, 5_000, 5_001, 14_999, 15_000, 995_000, 999_999, 1_000_000, 10_005_000,
                123_456_789, 99_999_999_999L, -1, -4_999, -5_000, -15_000, -2_500_000};
        for (long n : edges) {
            assertEquals(String.format(Locale.ROOT, "%.2f", n / 1e6), StartTimings.millis(n), "nanos " + n);
        }
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long n = random.nextLong(-1_000_000_000L, 100_000_000_000L);
            assertEquals(String.format(Locale.ROOT, "%.2f", n / 1e6), StartTimings.millis(n), "nanos " + n);
        }
    }

    @Test
    void reportLinesKeepTheirColumns() {
        StartTimings timings = new StartTimings(null);
        String report = timings.report(OptionalLong.empty());
        String total = report.lines().filter(l -> l.startsWith("timing total")).findFirst().orElseThrow();
        // "timing " + name padded to 14 + " " + value right-aligned in 8, then the note (no main mark in a
        // test, so the total may be negative)
        assertTrue(total.matches("timing total {10}[ 0-9-]{4}[0-9]\\.[0-9]{2}   main to this report"), total);
    }
}
