package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusMarkerTest {
    @Test
    void theMarkerLines() {
        assertEquals("@@nucleus-supervise started", StatusMarker.STARTED);
        assertEquals("@@nucleus-supervise exit 127", StatusMarker.exit(127));
    }

    @Test
    void startedIsStatusZero() {
        assertEquals(OptionalInt.of(0), StatusMarker.parse("@@nucleus-supervise started"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 125, 126, 127, 137, 255})
    void exitRoundTrips(int status) {
        assertEquals(OptionalInt.of(status), StatusMarker.parse(StatusMarker.exit(status)));
    }

    @Test
    void exitToleratesSurroundingBlanks() {
        assertEquals(OptionalInt.of(3), StatusMarker.parse("@@nucleus-supervise exit  3 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "started", "@@nucleus-supervise", "@@nucleus-supervise ", "@@nucleus-supervise started ",
        " @@nucleus-supervise started", "@@nucleus-supervise Started", "@@nucleus-supervise exit",
        "@@nucleus-supervise exit ", "@@nucleus-supervise exit x", "@@nucleus-supervise exit 1.5",
        "@@nucleus-supervise exit 99999999999", "@@nucleus-supervise exit 1 2", "nucleus: exit 1",
        "@@nucleus-supervise exited 1"})
    void otherLinesAreNoMarker(String line) {
        assertEquals(OptionalInt.empty(), StatusMarker.parse(line), line);
    }
}
