package dev.nucleus.domain.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.event.HealthStatus;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
    @Test
    void startsStartingAndAPassMakesItHealthy() {
        HealthTracker t = new HealthTracker(3);
        assertEquals(HealthStatus.STARTING, t.status());
        assertEquals(HealthStatus.HEALTHY, t.record(true, false));
        assertEquals(0, t.failingStreak());
    }

    @Test
    void retriesFailuresInARowMakeItUnhealthyAndAPassInBetweenResetsTheStreak() {
        HealthTracker t = new HealthTracker(3);
        t.record(true, false);
        assertEquals(HealthStatus.HEALTHY, t.record(false, false));
        assertEquals(HealthStatus.HEALTHY, t.record(false, false));
        assertEquals(2, t.failingStreak());
        assertEquals(HealthStatus.HEALTHY, t.record(true, false));
        assertEquals(0, t.failingStreak());
        t.record(false, false);
        t.record(false, false);
        assertEquals(HealthStatus.UNHEALTHY, t.record(false, false));
        assertEquals(3, t.failingStreak());
    }

    @Test
    void unhealthyIsFinal() {
        HealthTracker t = new HealthTracker(1);
        assertEquals(HealthStatus.UNHEALTHY, t.record(false, false));
        assertEquals(HealthStatus.UNHEALTHY, t.record(true, false), "the container is being stopped");
    }

    @Test
    void failuresInTheStartPeriodDoNotCountButAPassDoes() {
        HealthTracker t = new HealthTracker(1);
        assertEquals(HealthStatus.STARTING, t.record(false, true));
        assertEquals(0, t.failingStreak());
        assertEquals(HealthStatus.HEALTHY, t.record(true, true));
    }

    @Test
    void retriesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new HealthTracker(0));
    }
}
