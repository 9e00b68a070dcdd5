package dev.nucleus.domain.value;

import java.util.Locale;
import java.util.regex.Pattern;

/** Validators for names: container names, hostnames, DNS domains, host entries. */
public final class Names {
    private static final Pattern CONTAINER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Names() {
    }

    /** 1–128 characters of {@code [A-Za-z0-9_.-]}. */
    public static String containerName(String text) throws InvalidValueException {
        if (!CONTAINER_NAME.matcher(text).matches() || text.equals(".") || text.equals("..")) {
            throw new InvalidValueException("expected 1 to 128 characters of A-Z a-z 0-9 _ . -");
        }
        return text;
    }

    /** An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, ≤ 253. */
    public static String hostname(String text) throws InvalidValueException {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.length() > 253 || !isAscii(text) || !allLabels(lower)) {
            throw new InvalidValueException("expected an RFC 1123 host name such as web-1 or api.internal");
        }
        return text;
    }

    /** A fully qualified domain name to resolve for egress (at least two labels, no trailing dot needed). */
    public static String domainName(String text) throws InvalidValueException {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.indexOf('.') < 0 || lower.length() > 253 || !isAscii(text) || !allLabels(lower)) {
            throw new InvalidValueException("expected a fully qualified domain name such as api.example.com");
        }
        return lower;
    }

    /** A lower-case hex SHA-256 digest (upper case is accepted and normalised). */
    public static String sha256(String text) throws InvalidValueException {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(lower).matches()) {
            throw new InvalidValueException("expected a SHA-256 digest: 64 hexadecimal characters");
        }
        return lower;
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 128);
    }

    private static boolean allLabels(String lower) {
        for (String label : lower.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }
}
