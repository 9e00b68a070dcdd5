package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdMappingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            0:100000:65536           | 0          | 100000     | 65536
            0:0:1                    | 0          | 0          | 1
            1000:1000:1              | 1000       | 1000       | 1
            '  0:1:2  '              | 0          | 1          | 2
            4294967294:0:1           | 4294967294 | 0          | 1
            0:4294967294:1           | 0          | 4294967294 | 1
            4294901759:4294901759:65536 | 4294901759 | 4294901759 | 65536
            """)
    void accepts(String text, long container, long host, long count) throws InvalidValueException {
        IdMapping m = IdMapping.parse(text);
        assertEquals(new IdMapping(container, host, count), m);
        assertEquals(text.strip(), m.toString());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0:100000                 | expected CONTAINER_ID:HOST_ID:COUNT, such as 0:100000:65536
            0:1:2:3                  | expected CONTAINER_ID:HOST_ID:COUNT, such as 0:100000:65536
            ''                       | expected CONTAINER_ID:HOST_ID:COUNT, such as 0:100000:65536
            0-1-2                    | expected CONTAINER_ID:HOST_ID:COUNT, such as 0:100000:65536
            0:100000:0               | COUNT must be from 1 to 65536
            0:100000:65537           | COUNT must be from 1 to 65536
            0:100000:-1              | COUNT must be from 1 to 65536
            0:100000:                | COUNT must be from 1 to 65536
            -1:0:1                   | expected a whole number from 0 to 4294967294
            0:-1:1                   | expected a whole number from 0 to 4294967294
            4294967295:0:1           | expected a whole number from 0 to 4294967294
            0:4294967295:1           | expected a whole number from 0 to 4294967294
            root:0:1                 | expected a whole number from 0 to 4294967294
            :0:1                     | expected a whole number from 0 to 4294967294
            4294967294:0:2           | the range overflows the 32-bit id space
            0:4294967294:2           | the range overflows the 32-bit id space
            4294901760:0:65536       | the range overflows the 32-bit id space
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> IdMapping.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void constructorEnforcesTheSameBounds() {
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(0, 0, 65537));
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(IdMapping.MAX_ID, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new IdMapping(0, IdMapping.MAX_ID, 2));
    }

    @Test
    void coversExactlyItsContainerRange() {
        IdMapping m = new IdMapping(1000, 100000, 10);
        assertFalse(m.coversContainerId(999));
        assertTrue(m.coversContainerId(1000));
        assertTrue(m.coversContainerId(1009));
        assertFalse(m.coversContainerId(1010));
    }

    @Property
    void toStringRoundTrips(@ForAll("mappings") IdMapping m) throws InvalidValueException {
        assertEquals(m, IdMapping.parse(m.toString()));
    }

    @Provide
    Arbitrary<IdMapping> mappings() {
        return Arbitraries.longs().between(1, IdMapping.MAX_COUNT).flatMap(count -> {
            Arbitrary<Long> start = Arbitraries.longs().between(0, IdMapping.MAX_ID - count + 1);
            return Combinators.combine(start, start).as((c, h) -> new IdMapping(c, h, count));
        });
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            IdMapping.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }
}
