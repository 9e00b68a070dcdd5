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
 * split over several ({@code Authorization: Bearer T}).
 */
public final class CommandRedaction {
    static final String MASK = "***";
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "token", "secret", "key", "auth",
            "credential", "api-key", "apikey", "api_key", "access-token", "private-key");
    /** Authorization schemes whose next word is the credential itself. */
    private static final List<String> SCHEMES = List.of("bearer", "basic", "digest", "token", "negotiate", "ntlm",
            "aws4-hmac-sha256");

    /** Compiled only for an argument with a space or a colon: every launch redacts its command. */
    private static final class Patterns {
        static final Pattern SCHEME_VALUE = Pattern.compile(
                "(?i)\\b(bearer|basic|digest|token|negotiate|ntlm|aws4-hmac-sha256)(\\s+)\\S+");
        static final Pattern HEADER = Pattern.compile("([^:=\\s]+)\\s*:\\s*\\S.*");
    }

    private CommandRedaction() {
    }

    public static List<String> redact(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        boolean maskNext = false;
        for (String arg : argv) {
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
            java.util.regex.Matcher header = spaced ? Patterns.HEADER.matcher(arg) : null;
            if (eq > 0 && namesSecret(arg.substring(0, eq))) {
                out.add(arg.substring(0, eq + 1) + MASK);
            } else if (header != null && header.matches() && namesSecret(header.group(1))) {
                out.add(arg.substring(0, arg.indexOf(':') + 1) + " " + MASK);
            } else {
                out.add(spaced ? Patterns.SCHEME_VALUE.matcher(arg).replaceAll("$1$2" + MASK) : arg);
                maskNext = eq < 0 && namesSecret(arg);
            }
        }
        return out;
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
