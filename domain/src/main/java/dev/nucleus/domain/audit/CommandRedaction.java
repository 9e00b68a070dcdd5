package dev.nucleus.domain.audit;

import dev.nucleus.domain.value.AsciiText;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command line fit for the audit log: the value after any argument that names a secret
 * (password, passwd, token, secret, key, auth, credential, api-key, apikey, api_key,
 * access-token, private-key), and the value of such a {@code name=value} or {@code name: value}
 * argument, become {@code ***}. A credential behind an HTTP scheme word ({@code Bearer},
 * {@code Basic}, ...) is masked too, in one argument ({@code -H "Authorization: Bearer T"}) or
 * split over several ({@code Authorization: Bearer T}), and so is a URL's password
 * ({@code https://user:T@host/} becomes {@code https://user:***@host/}).
 */
public final class CommandRedaction {
    static final String MASK = "***";
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "token", "secret", "key", "auth",
            "credential", "api-key", "apikey", "api_key", "access-token", "private-key");
    /** Authorization schemes whose next word is the credential itself. */
    private static final List<String> SCHEMES = List.of("bearer", "basic", "digest", "token", "negotiate", "ntlm",
            "aws4-hmac-sha256");

    /**
     * Compiled only for an argument that holds a scheme word and a space or a colon: every launch
     * redacts its command, and an agent's is mostly {@code sh -c "a command with spaces"}, for
     * which compiling this cold cost the launch 5 ms.
     */
    private static final class Patterns {
        static final Pattern SCHEME_VALUE = Pattern.compile(
                "(?i)\\b(bearer|basic|digest|token|negotiate|ntlm|aws4-hmac-sha256)(\\s+)\\S+");
    }

    private CommandRedaction() {
    }

    public static List<String> redact(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        boolean maskNext = false;
        for (String given : argv) {
            String arg = given.contains("://") ? withoutUrlPasswords(given) : given;
            if (maskNext) {
                out.add(MASK);
                // a secret flag taken as the value of a switch (--no-auth --password x) still hides its own
                // value, and a scheme word (Authorization: Bearer T) is followed by the credential
                maskNext = arg.startsWith("-") && arg.indexOf('=') < 0 && namesSecret(arg)
                        || SCHEMES.contains(AsciiText.lowerCase(arg));
                continue;
            }
            int eq = arg.indexOf('=');
            // Both patterns need a colon or whitespace in the argument: most have neither.
            boolean spaced = arg.indexOf(':') >= 0 || hasWhitespace(arg);
            String header = spaced ? headerName(arg) : null;
            if (eq > 0 && namesSecret(arg.substring(0, eq))) {
                out.add(arg.substring(0, eq + 1) + MASK);
            } else if (header != null && namesSecret(header)) {
                out.add(arg.substring(0, arg.indexOf(':') + 1) + " " + MASK);
            } else {
                out.add(spaced && holdsSchemeWord(arg) ? Patterns.SCHEME_VALUE.matcher(arg).replaceAll("$1$2" + MASK)
                        : arg);
                maskNext = eq < 0 && namesSecret(arg);
            }
        }
        return out;
    }

    /**
     * {@code arg} with the password of each URL's user information ({@code scheme://user:password@})
     * masked: the text between the first ':' after "://" and the '@' that ends the authority,
     * before any '/', '?', '#' or white space.
     */
    static String withoutUrlPasswords(String arg) {
        StringBuilder out = new StringBuilder(arg.length());
        int from = 0;
        int scheme;
        while ((scheme = arg.indexOf("://", from)) >= 0) {
            int start = scheme + 3;
            int end = start;
            while (end < arg.length() && "/?# \t\n'\"".indexOf(arg.charAt(end)) < 0) {
                end++;
            }
            int at = arg.lastIndexOf('@', end - 1);
            int colon = at > start ? arg.indexOf(':', start) : -1;
            if (colon >= 0 && colon < at) {
                out.append(arg, from, colon + 1).append(MASK);
                from = at;
            } else {
                out.append(arg, from, end);
                from = end;
            }
        }
        return out.append(arg, from, arg.length()).toString();
    }

    /**
     * The name of a {@code name: value} argument, as the regex {@code ([^:=\\s]+)\\s*:\\s*\\S.*}
     * matching all of it would take it (its group 1), else null: a name of neither ':', '=' nor
     * whitespace (regex whitespace: space, \\t, \\n, \\x0B, \\f, \\r), a colon, and a value
     * with no line terminator after its first character.
     */
    static String headerName(String arg) {
        int n = arg.length();
        int i = 0;
        while (i < n && arg.charAt(i) != ':' && arg.charAt(i) != '=' && !isRegexSpace(arg.charAt(i))) {
            i++;
        }
        int nameEnd = i;
        while (i < n && isRegexSpace(arg.charAt(i))) {
            i++;
        }
        if (nameEnd == 0 || i == n || arg.charAt(i) != ':') {
            return null;
        }
        i++;
        while (i < n && isRegexSpace(arg.charAt(i))) {
            i++;
        }
        if (i == n) {
            return null;
        }
        for (int k = i + 1; k < n; k++) {
            char c = arg.charAt(k);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return null; // where a regex's '.' stops
            }
        }
        return arg.substring(0, nameEnd);
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** Whether a scheme word is in {@code arg}, ignoring ASCII case: else the scheme regex cannot match. */
    static boolean holdsSchemeWord(String arg) {
        String lower = AsciiText.lowerCase(arg);
        for (String scheme : SCHEMES) {
            if (lower.contains(scheme)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasWhitespace(String arg) {
        for (int i = 0; i < arg.length(); i++) {
            if (Character.isWhitespace(arg.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static boolean namesSecret(String word) {
        String w = AsciiText.lowerCase(word);
        for (String secret : SECRET_WORDS) { // a loop: asked per word of every audited command, cold
            if (w.contains(secret)) {
                return true;
            }
        }
        return false;
    }
}
