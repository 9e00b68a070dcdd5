package dev.nucleus.domain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.value.InvalidValueException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RestartPolicyTest {

    @Test
    void noIsTheNeverRestartingPolicy() throws InvalidValueException {
        RestartPolicy p = RestartPolicy.parse("no");
        assertSame(RestartPolicy.NO, p);
        assertFalse(p.onFailure());
        assertEquals(0, p.maxRetries());
    }

    @Test
    void onFailureAloneHasNoLimit() throws InvalidValueException {
        assertEquals(new RestartPolicy(true, 0), RestartPolicy.parse("on-failure"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "on-failure:1, 1",
        "on-failure:3, 3",
        "on-failure:03, 3",
        "on-failure:999999, 999999",
    })
    void onFailureWithALimit(String text, int limit) throws InvalidValueException {
        assertEquals(new RestartPolicy(true, limit), RestartPolicy.parse(text));
    }

    @ParameterizedTest(name = "on-failure:\"{0}\" is refused")
    @ValueSource(strings = {"0", "000", "x", "", "-1", "+3", "1000000", "3 ", " 3", "1.5", "3x", "0x10"})
    void aBadRetryLimitIsRefused(String limit) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> RestartPolicy.parse("on-failure:" + limit));
        assertEquals("the retry limit must be a number from 1 to 999999", e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "always", "unless-stopped", "No", "NO", "yes", " no", "no ", "on-failure ",
        "On-Failure", "onfailure", "on_failure", "on-failure;3", "on-failure=3", "no:3"})
    void anythingElseIsRefused(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> RestartPolicy.parse(text));
        assertEquals("expected no, on-failure or on-failure:MAX", e.getMessage());
    }

    @Test
    void aCleanExitNeverRestarts() throws InvalidValueException {
        for (String text : new String[] {"no", "on-failure", "on-failure:3"}) {
            RestartPolicy p = RestartPolicy.parse(text);
            for (int restarts = 0; restarts < 5; restarts++) {
                assertFalse(p.restartsAfter(0, restarts), text + " after " + restarts + " restarts");
            }
        }
    }

    /** A workload that handles SIGTERM may exit 0 when stopped as unhealthy: still a failure. */
    @Test
    void anUnhealthyStopIsAFailureWhateverTheExitCode() throws InvalidValueException {
        RestartPolicy p = RestartPolicy.parse("on-failure:2");
        assertTrue(p.restartsAfter(0, true, 0));
        assertTrue(p.restartsAfter(143, true, 1));
        assertFalse(p.restartsAfter(0, true, 2), "the limit still holds");
        assertFalse(p.restartsAfter(0, false, 0));
        assertFalse(RestartPolicy.NO.restartsAfter(0, true, 0));
    }

    @Test
    void noNeverRestartsEvenAFailure() {
        assertFalse(RestartPolicy.NO.restartsAfter(1, 0));
        assertFalse(RestartPolicy.NO.restartsAfter(137, 0));
        assertFalse(RestartPolicy.NO.restartsAfter(-1, 0));
    }

    @Test
    void theLimitCountsRestartsNotRuns() throws InvalidValueException {
        RestartPolicy p = RestartPolicy.parse("on-failure:3");
        assertTrue(p.restartsAfter(1, 0), "the first failure restarts");
        assertTrue(p.restartsAfter(1, 1));
        assertTrue(p.restartsAfter(137, 2), "the third restart is still allowed");
        assertFalse(p.restartsAfter(1, 3), "three restarts done: no fourth");
        assertFalse(p.restartsAfter(1, 4));
    }

    @Test
    void aLimitOfOneRestartsOnce() throws InvalidValueException {
        RestartPolicy p = RestartPolicy.parse("on-failure:1");
        assertTrue(p.restartsAfter(2, 0));
        assertFalse(p.restartsAfter(2, 1));
    }

    @Test
    void withoutALimitAFailureAlwaysRestarts() throws InvalidValueException {
        RestartPolicy p = RestartPolicy.parse("on-failure");
        assertTrue(p.restartsAfter(1, 0));
        assertTrue(p.restartsAfter(1, 1_000));
        assertTrue(p.restartsAfter(255, Integer.MAX_VALUE));
        assertTrue(p.restartsAfter(-9, 7), "any non-zero status is a failure");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no", "on-failure", "on-failure:1", "on-failure:42", "on-failure:999999"})
    void cliNameIsWhatWasParsed(String text) throws InvalidValueException {
        RestartPolicy p = RestartPolicy.parse(text);
        assertEquals(text, p.cliName());
        assertEquals(p, RestartPolicy.parse(p.cliName()));
    }

    @Test
    void cliNameOfConstructedPolicies() {
        assertEquals("no", RestartPolicy.NO.cliName());
        assertEquals("on-failure", new RestartPolicy(true, 0).cliName());
        assertEquals("on-failure:7", new RestartPolicy(true, 7).cliName());
    }

    @Property
    void everyLimitRoundTripsAndIsHonoured(@ForAll @IntRange(min = 1, max = 999_999) int limit,
                                           @ForAll @IntRange(min = 0, max = 2_000_000) int restarts,
                                           @ForAll @IntRange(min = -255, max = 255) int exit)
            throws InvalidValueException {
        RestartPolicy p = RestartPolicy.parse("on-failure:" + limit);
        assertEquals(new RestartPolicy(true, limit), p);
        assertEquals(p, RestartPolicy.parse(p.cliName()));
        assertEquals(exit != 0 && restarts < limit, p.restartsAfter(exit, restarts));
    }
}
