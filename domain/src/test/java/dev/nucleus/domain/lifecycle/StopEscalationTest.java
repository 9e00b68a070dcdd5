package dev.nucleus.domain.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StopEscalationTest {
    @Test
    void theFirstStopPassesAndEveryLaterOneKills() {
        StopEscalation stops = new StopEscalation();
        assertEquals(2, stops.toSend(2), "the first INT as it is");
        assertEquals(StopEscalation.KILL, stops.toSend(15), "a TERM after it: KILL");
        assertEquals(StopEscalation.KILL, stops.toSend(2));
        assertEquals(15, new StopEscalation().toSend(15), "each run counts its own");
    }

    @Test
    void onlyIntAndTermEscalate() {
        assertTrue(StopEscalation.escalates("INT") && StopEscalation.escalates("TERM"));
        assertFalse(StopEscalation.escalates("HUP") || StopEscalation.escalates("USR1"));
        assertEquals("nucleus: a second SIGINT: the workload is killed (SIGKILL)", StopEscalation.killing("INT"));
    }
}
