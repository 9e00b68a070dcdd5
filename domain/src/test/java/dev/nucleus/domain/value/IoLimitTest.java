package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IoLimitTest {
    private static final OptionalLong NONE = OptionalLong.empty();

    @Test
    void parsesEveryLimit() throws InvalidValueException {
        assertEquals(new IoLimit(8, 16, OptionalLong.of(100), OptionalLong.of(200), OptionalLong.of(10L << 20),
                        OptionalLong.of(1L << 30)),
                IoLimit.parse("8:16 riops=100 wiops=200 rbps=10M wbps=1G"));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            8:0 wbps=10M              | 8:0 wbps=10485760
            '  8:0   riops=5  '       | 8:0 riops=5
            8:0 wiops=7 riops=5       | 8:0 riops=5 wiops=7
            4095:1048575 rbps=1       | 4095:1048575 rbps=1
            0:0 rbps=1K               | 0:0 rbps=1024
            253:0	wbps=4096          | 253:0 wbps=4096
            """)
    void acceptsAndRendersInCanonicalOrder(String text, String canonical) throws InvalidValueException {
        IoLimit limit = IoLimit.parse(text);
        assertEquals(canonical, limit.toString());
        assertEquals(limit, IoLimit.parse(canonical));
    }

    /** Words are split as strip().split("\\s+") split them: Unicode blanks only at the ends. */
    @Test
    void wordsAreSplitAtRegexWhitespaceAfterStripping() throws InvalidValueException {
        assertEquals("8:0 rbps=1 wbps=2", IoLimit.parse("\u2003 8:0\trbps=1\n\u000Bwbps=2\f\r \u2003").toString());
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> IoLimit.parse("8:0 rbps=1\u2003wbps=2"));
        assertEquals("expected a size such as 512M, 1G, 64K or a byte count", e.getMessage());
    }

    @Test
    void onlyTheGivenLimitsArePresent() throws InvalidValueException {
        assertEquals(new IoLimit(8, 0, NONE, NONE, NONE, OptionalLong.of(10L << 20)), IoLimit.parse("8:0 wbps=10M"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', textBlock = """
            8:0                  ; give at least one of riops=, wiops=, rbps=, wbps=
            ''                   ; expected "MAJ:MIN riops=N wiops=N rbps=N wbps=N", such as "8:0 wbps=10M"
            8 wbps=1M            ; expected "MAJ:MIN riops=N wiops=N rbps=N wbps=N", such as "8:0 wbps=10M"
            8:0:1 wbps=1M        ; expected "MAJ:MIN riops=N wiops=N rbps=N wbps=N", such as "8:0 wbps=10M"
            8:0 wbps             ; expected "MAJ:MIN riops=N wiops=N rbps=N wbps=N", such as "8:0 wbps=10M"
            8:0 iops=5           ; unknown key 'iops': use riops, wiops, rbps or wbps
            8:0 RIOPS=5          ; unknown key 'RIOPS': use riops, wiops, rbps or wbps
            8:0 =5               ; unknown key '': use riops, wiops, rbps or wbps
            4096:0 wbps=1M       ; expected a whole number from 0 to 4095
            8:1048576 wbps=1M    ; expected a whole number from 0 to 1048575
            -1:0 wbps=1M         ; expected a whole number from 0 to 4095
            sda wbps=1M          ; expected "MAJ:MIN riops=N wiops=N rbps=N wbps=N", such as "8:0 wbps=10M"
            8:0 riops=0          ; expected a whole number of at least 1
            8:0 wiops=-3         ; expected a whole number of at least 1
            8:0 riops=1k         ; expected a whole number of at least 1
            8:0 rbps=0           ; a bytes-per-second limit must be more than 0
            8:0 wbps=0K          ; a bytes-per-second limit must be more than 0
            8:0 wbps=fast        ; expected a size such as 512M, 1G, 64K or a byte count
            8:0 wbps=1M wbps=2M  ; the key 'wbps' is given twice
            8:0 riops=5 riops=5  ; the key 'riops' is given twice
            """)
    void refuses(String text, String message) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> IoLimit.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Property
    void toStringRoundTrips(@ForAll("limits") IoLimit limit) throws InvalidValueException {
        assertEquals(limit, IoLimit.parse(limit.toString()));
    }

    @Provide
    Arbitrary<IoLimit> limits() {
        Arbitrary<OptionalLong> opt = Arbitraries.longs().between(1, Long.MAX_VALUE)
                .map(OptionalLong::of).injectNull(0.4).map(o -> o == null ? OptionalLong.empty() : o);
        return Combinators.combine(Arbitraries.integers().between(0, 4095), Arbitraries.integers().between(0, 1048575),
                        opt, opt, opt, opt)
                .as(IoLimit::new)
                .filter(l -> l.readIops().isPresent() || l.writeIops().isPresent() || l.readBps().isPresent()
                        || l.writeBps().isPresent());
    }

    @Property
    void parseThrowsOnlyInvalidValue(@ForAll String text) {
        try {
            IoLimit.parse(text);
        } catch (InvalidValueException expected) {
            // the only exception allowed
        }
    }
}
