package dev.nucleus.domain.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A command line fit for the audit log: the value after any argument that names a secret
 * (password, passwd, token, secret, key, auth, credential, api-key, apikey, api_key,
 * access-token, private-key), and the value of such a {@code name=value} argument, become
 * {@code ***}.
 */
public final class CommandRedaction {
    static final String MASK = "***";
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "token", "secret", "key", "auth",
            "credential", "api-key", "apikey", "api_key", "access-token", "private-key");

    private CommandRedaction() {
    }

    public static List<String> redact(List<String> argv) {
        List<String> out = new ArrayList<>(argv.size());
        boolean maskNext = false;
        for (String arg : argv) {
            if (maskNext) {
                out.add(MASK);
                // a secret flag taken as the value of a switch (--no-auth --password x) still hides its own value
                maskNext = arg.startsWith("-") && arg.indexOf('=') < 0 && namesSecret(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq > 0 && namesSecret(arg.substring(0, eq))) {
                out.add(arg.substring(0, eq + 1) + MASK);
            } else {
                out.add(arg);
                maskNext = eq < 0 && namesSecret(arg);
            }
        }
        return out;
    }

    static boolean namesSecret(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(w::contains);
    }
}
