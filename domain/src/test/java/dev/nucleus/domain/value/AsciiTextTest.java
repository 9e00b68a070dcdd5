package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The hand-written checks agree with the regular expressions they replace, on any ASCII text. */
class AsciiTextTest {

    @Property(tries = 2000)
    void lowerCaseIsTheRootLocales(@ForAll @StringLength(max = 40) @CharRange(from = ' ', to = '~') String ascii,
                                   @ForAll @StringLength(max = 10) String any) {
        for (String text : new String[]{ascii, any, ascii + any, "\u212Aey", "TOKEN\u0130"}) {
            assertEquals(text.toLowerCase(java.util.Locale.ROOT), AsciiText.lowerCase(text), text);
            assertEquals(text.toUpperCase(java.util.Locale.ROOT), AsciiText.upperCase(text), text);
        }
    }

    @Property(tries = 2000)
    void lowerHexIsTheRegex(@ForAll @StringLength(max = 40) @CharRange(from = ' ', to = '~') String text) {
        assertEquals(text.matches("[0-9a-f]{32}"), AsciiText.lowerHex(text, 32), text);
    }

    @Property(tries = 2000)
    void lowerHexOfHexLookingText(@ForAll @StringLength(min = 30, max = 34) @CharRange(from = '0', to = 'g')
                                  String text) {
        assertEquals(text.matches("[0-9a-f]{32}"), AsciiText.lowerHex(text, 32), text);
    }

    @Property(tries = 2000)
    void digitsIsTheRegex(@ForAll @StringLength(max = 22) @CharRange(from = '*', to = ':') String text) {
        assertEquals(text.matches("[0-9]{10,20}"), AsciiText.digits(text, 10, 20), text);
        assertEquals(text.matches("[0-9]{1,9}"), AsciiText.digits(text, 1, 9), text);
    }

    @Property(tries = 2000)
    void nameCharactersIsTheRegex(@ForAll @StringLength(max = 20) @CharRange(from = ' ', to = '~') String text) {
        assertEquals(text.matches("[A-Za-z0-9_.-]{1,15}"), AsciiText.nameCharacters(text, 1, 15), text);
    }

    @Property(tries = 2000)
    void wordCharactersIsTheRegex(@ForAll @StringLength(max = 20) @CharRange(from = ' ', to = '~') String text) {
        assertEquals(text.matches("[A-Za-z0-9_]{1,15}"), AsciiText.wordCharacters(text, 1, 15), text);
    }

    @Property(tries = 2000)
    void wordsAreTheRunsBetweenRegexWhitespace(@ForAll @StringLength(max = 30) @CharRange(from = '\t', to = 'd')
                                               String text) {
        List<String> expected = new ArrayList<>();
        Matcher word = Pattern.compile("\\S+").matcher(text);
        while (word.find()) {
            expected.add(word.group());
        }
        assertEquals(expected, AsciiText.words(text), "'" + text + "'");
    }

    @Property(tries = 2000)
    void wordsAreTheStrippedSplitOfTextsWithoutControlCharacters(
            @ForAll @StringLength(max = 30) @CharRange(from = ' ', to = 'd') String words,
            @ForAll @StringLength(max = 3) @CharRange(from = '\t', to = '\r') String space) {
        String text = space + words.replace('a', '\t').replace('b', '\n') + space;
        String stripped = text.strip();
        List<String> expected = stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
        assertEquals(expected, AsciiText.words(text), "'" + text + "'");
    }

    @Test
    void examples() {
        assertTrue(AsciiText.lowerHex("0123456789abcdef0123456789abcdef", 32));
        assertFalse(AsciiText.lowerHex("0123456789ABCDEF0123456789abcdef", 32), "upper case is not an id");
        assertFalse(AsciiText.nameCharacters("nucleus0\u00e9", 1, 15), "no non-ASCII letters");
        assertFalse(AsciiText.nameCharacters("", 1, 15));
        assertEquals(List.of("cpu", "memory", "pids"), AsciiText.words(" cpu memory\tpids\n"));
        assertEquals(List.of(), AsciiText.words(" \n"));
        assertTrue(AsciiText.isLetterOrDigit('Z') && !AsciiText.isLetterOrDigit('_'));
    }
}
