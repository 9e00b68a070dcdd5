package dev.nucleus.domain.value;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The few character-class checks and word splits a launch makes, by hand: a regular expression
 * compiled cold costs a start the regex engine's class initialisation and an interpreted compile,
 * for checks this small (the launch path holds none; see {@link Names} for the name rules).
 */
public final class AsciiText {
    private AsciiText() {
    }

    /** {@code [0-9a-f]{length}}: a container id, a hex digest. */
    public static boolean lowerHex(String text, int length) {
        return consistsOf(text, length, length, c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** {@code [0-9]{min,max}}. */
    public static boolean digits(String text, int min, int max) {
        return consistsOf(text, min, max, c -> c >= '0' && c <= '9');
    }

    /** {@code [A-Za-z0-9_.-]{min,max}}. */
    public static boolean nameCharacters(String text, int min, int max) {
        return consistsOf(text, min, max, c -> isLetterOrDigit((char) c) || c == '_' || c == '.' || c == '-');
    }

    /** {@code [A-Za-z0-9_]{min,max}}. */
    public static boolean wordCharacters(String text, int min, int max) {
        return consistsOf(text, min, max, c -> isLetterOrDigit((char) c) || c == '_');
    }

    private static boolean consistsOf(String text, int min, int max, IntPredicate allowed) {
        if (text.length() < min || text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!allowed.test(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code [A-Za-z0-9]}. */
    public static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * The words of {@code text}: its runs of characters other than a regular expression's
     * {@code \s} (space, tab, newline, vertical tab, form feed, carriage return). For the texts
     * of /proc and cgroupfs that is {@code text.strip().split("\\s+")}, with no words for a blank one.
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || isSpace(text.charAt(i));
            if (space && start >= 0) {
                words.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return words;
    }

    /**
     * {@code text.toLowerCase(Locale.ROOT)}, the same for every text, lowered here when it is ASCII
     * (every name and flag a launch lowers): {@link java.util.Locale} is then never initialised
     * cold (its constants, some tenths of a millisecond of a start). Other text goes to the JDK.
     */
    public static String lowerCase(String text) {
        return changeCase(text, 'A', 'Z', 'a' - 'A');
    }

    /** {@code text.toUpperCase(Locale.ROOT)}, the same for every text; ASCII text as {@link #lowerCase}. */
    public static String upperCase(String text) {
        return changeCase(text, 'a', 'z', 'A' - 'a');
    }

    private static String changeCase(String text, char from, char to, int shift) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 128) {
                return shift > 0 ? text.toLowerCase(java.util.Locale.ROOT) : text.toUpperCase(java.util.Locale.ROOT);
            }
            if (c >= from && c <= to) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + shift);
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** A regular expression's {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
