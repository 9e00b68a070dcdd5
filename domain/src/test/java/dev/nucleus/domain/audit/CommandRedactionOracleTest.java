package dev.nucleus.domain.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@link CommandRedaction} decides as its regex form did (the oracle below, the implementation
 * before the header check was written by hand and the scheme regex gated by a word check): random
 * command lines built from secret words, scheme words in mixed case, colons, equals signs, ASCII,
 * Unicode and regex whitespace, line terminators and non-ASCII letters.
 */
class CommandRedactionOracleTest {
    private static final Pattern SCHEME_VALUE = Pattern.compile(
            "(?i)\\b(bearer|basic|digest|token|negotiate|ntlm|aws4-hmac-sha256)(\\s+)\\S+");
    private static final Pattern HEADER = Pattern.compile("([^:=\\s]+)\\s*:\\s*\\S.*");
    private static final List<String> SCHEMES = List.of("bearer", "basic", "digest", "token", "negotiate", "ntlm",
            "aws4-hmac-sha256");

    /** The regex form of {@link CommandRedaction#redact}. */
    private static List<String> oracle(List<String> argv) {
        List<String> out = new ArrayList<>();
        boolean maskNext = false;
        for (String arg : argv) {
            if (maskNext) {
                out.add(CommandRedaction.MASK);
                maskNext = arg.startsWith("-") && arg.indexOf('=') < 0 && CommandRedaction.namesSecret(arg)
                        || SCHEMES.contains(arg.toLowerCase(java.util.Locale.ROOT));
                continue;
            }
            int eq = arg.indexOf('=');
            boolean spaced = arg.indexOf(':') >= 0 || arg.codePoints().anyMatch(Character::isWhitespace);
            Matcher header = spaced ? HEADER.matcher(arg) : null;
            if (eq > 0 && CommandRedaction.namesSecret(arg.substring(0, eq))) {
                out.add(arg.substring(0, eq + 1) + CommandRedaction.MASK);
            } else if (header != null && header.matches() && CommandRedaction.namesSecret(header.group(1))) {
                out.add(arg.substring(0, arg.indexOf(':') + 1) + " " + CommandRedaction.MASK);
            } else {
                out.add(spaced ? SCHEME_VALUE.matcher(arg).replaceAll("$1$2" + CommandRedaction.MASK) : arg);
                maskNext = eq < 0 && CommandRedaction.namesSecret(arg);
            }
        }
        return out;
    }

    private static final String[] PIECES = {"Authorization", "X-Api-Key", "token", "Token", "TOKEN", "bearer", "BeArEr",
        "basic", "Digest", "ntlm", "NEGOTIATE", "aws4-hmac-sha256", "AWS4-HMAC-SHA256", "password", "secret", "key",
        "auth", "user", "host", "value", "abc123", "x", ":", ":", "=", " ", " ", "  ", "\t", "\n", "\r", "\u000B", "\f",
        "\u00A0", "\u2028", "\u0085", "é", "ſ", "K", "_", "-", "--", "/", ".", "$1", "\\", "a\u0301", "Ж"};

    @Test
    void randomCommandLinesAreRedactedAsTheRegexesDid() {
        Random random = new Random(20261201);
        for (int round = 0; round < 20_000; round++) {
            List<String> argv = new ArrayList<>();
            for (int a = random.nextInt(4); a >= 0; a--) {
                StringBuilder arg = new StringBuilder();
                for (int k = random.nextInt(7); k >= 0; k--) {
                    arg.append(PIECES[random.nextInt(PIECES.length)]);
                }
                argv.add(arg.toString());
            }
            assertEquals(oracle(argv), CommandRedaction.redact(argv), argv.toString());
        }
    }

    @Test
    void theHeaderNameIsTheRegexGroup() {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder arg = new StringBuilder();
            for (int k = random.nextInt(6); k >= 0; k--) {
                arg.append(PIECES[random.nextInt(PIECES.length)]);
            }
            Matcher m = HEADER.matcher(arg);
            assertEquals(m.matches() ? m.group(1) : null, CommandRedaction.headerName(arg.toString()), arg.toString());
        }
    }
}
