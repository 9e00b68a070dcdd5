package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.supervise.LogLine.Stream;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogLineTest {
    private static final Instant T = Instant.parse("2026-11-28T17:30:45.123456789Z");

    @Test
    void formatIsTheCriLine() {
        assertEquals("2026-11-28T17:30:45.123456789Z stdout F hello\n", new LogLine(T, Stream.STDOUT, false, "hello").format());
        assertEquals("2026-11-28T17:30:45.123456789Z stderr P prompt> \n",
                new LogLine(T, Stream.STDERR, true, "prompt> ").format());
        assertEquals("2026-11-28T17:30:45Z stdout F \n",
                new LogLine(Instant.parse("2026-11-28T17:30:45Z"), Stream.STDOUT, false, "").format());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "", " ", "  leading and trailing  ", "a b  c\td", "F P stdout stderr",
        "2026-11-28T17:30:45Z stdout F nested", "ünïcødé ✓ 日本語", "\r", "tab\tend\t"})
    void formatAndParseRoundTrip(String text) {
        for (Stream stream : Stream.values()) {
            for (boolean partial : new boolean[] {false, true}) {
                for (Instant time : new Instant[] {T, Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("1970-01-01T00:00:00.000001Z"), Instant.parse("2026-11-28T17:30:45.120Z")}) {
                    LogLine line = new LogLine(time, stream, partial, text);
                    String formatted = line.format();
                    assertTrue(formatted.endsWith("\n"));
                    assertEquals(Optional.of(line), LogLine.parse(formatted.substring(0, formatted.length() - 1)));
                }
            }
        }
    }

    @Test
    void parseReadsEachField() {
        LogLine l = LogLine.parse("2026-11-28T17:30:45.123456789Z stderr P  two  spaces ").orElseThrow();
        assertEquals(T, l.time());
        assertEquals(Stream.STDERR, l.stream());
        assertTrue(l.partial());
        assertEquals(" two  spaces ", l.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "2026-11-28T17:30:45Z",
        "2026-11-28T17:30:45Z stdout",
        "2026-11-28T17:30:45Z stdout F",          // too few fields: no separator before the text
        "2026-11-28T17:30:45Z stdout ",
        "2026-11-28 17:30:45Z stdout F text",      // bad time (a space inside it)
        "2026-11-28T17:30:45 stdout F text",       // bad time (no zone)
        "yesterday stdout F text",
        " stdout F text",                          // empty time
        "2026-11-28T17:30:45Z STDOUT F text",      // bad stream
        "2026-11-28T17:30:45Z stdin F text",
        "2026-11-28T17:30:45Z  F text",            // empty stream
        "2026-11-28T17:30:45Z stdout f text",      // bad tag
        "2026-11-28T17:30:45Z stdout X text",
        "2026-11-28T17:30:45Z stdout FP text",
        "2026-11-28T17:30:45Z stdout  text",       // empty tag
        "2026-11-28T17:30:45Z stdout Ftext more",
    })
    void aLineNotInTheFormatIsEmpty(String line) {
        assertEquals(Optional.empty(), LogLine.parse(line), line);
    }

    @Test
    void streamWords() {
        assertEquals("stdout", Stream.STDOUT.word());
        assertEquals("stderr", Stream.STDERR.word());
    }
}
