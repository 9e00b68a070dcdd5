package dev.nucleus.domain.value;

import java.util.Set;

/** One {@code KEY=VALUE} for the workload's environment. */
public record EnvVar(String key, String value) {
    /**
     * Keys that steer the dynamic loader or what glibc loads, refused in every mode: every LD_*
     * (beyond the reference's five: LD_SHOW_AUXV, LD_DEBUG_OUTPUT, LD_ORIGIN_PATH act too),
     * GLIBC_TUNABLES (read by ld.so itself) and GCONV_PATH (iconv's modules are loaded code).
     */
    public static final String LOADER_PREFIX = "LD_";
    public static final Set<String> LOADER_KEYS = Set.of("GLIBC_TUNABLES", "GCONV_PATH");

    public static EnvVar parse(String text) throws InvalidValueException {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new InvalidValueException("expected KEY=VALUE");
        }
        String key = text.substring(0, eq);
        if (!isValidKey(key)) {
            throw new InvalidValueException("the key must match [A-Za-z_][A-Za-z0-9_]*");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidValueException("the value contains a NUL byte");
        }
        return new EnvVar(key, text.substring(eq + 1));
    }

    public static boolean isValidKey(String key) {
        if (key.isEmpty() || !(Character.isLetter(key.charAt(0)) || key.charAt(0) == '_')) {
            return false;
        }
        // Not chars().allMatch: a start's first stream pipeline sets up the stream machinery, cold.
        return AsciiText.wordCharacters(key, 1, Integer.MAX_VALUE);
    }

    public boolean isLoaderInjection() {
        return key.startsWith(LOADER_PREFIX) || LOADER_KEYS.contains(key);
    }

    /** Values are never rendered: an environment may carry secrets. */
    @Override
    public String toString() {
        return key + "=<redacted>";
    }
}
