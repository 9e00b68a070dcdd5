package dev.nucleus.domain.value;

/**
 * Validators for names: container names, hostnames, DNS domains, host entries. Checked by hand,
 * not with regular expressions: every launch derives its host name here, and compiling patterns
 * cold cost each start a regex engine's worth of class initialisation.
 */
public final class Names {

    private Names() {
    }

    /** 1–128 characters of {@code [A-Za-z0-9_.-]}. */
    public static String containerName(String text) throws InvalidValueException {
        if (!AsciiText.nameCharacters(text, 1, 128) || text.equals(".") || text.equals("..")) {
            throw new InvalidValueException("expected 1 to 128 characters of A-Z a-z 0-9 _ . -");
        }
        return text;
    }

    /** An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, ≤ 253. */
    public static String hostname(String text) throws InvalidValueException {
        String lower = AsciiText.lowerCase(text);
        if (lower.isEmpty() || lower.length() > 253 || !isAscii(text) || !allLabels(lower)) {
            throw new InvalidValueException("expected an RFC 1123 host name such as web-1 or api.internal");
        }
        return text;
    }

    /** sethostname(2) takes at most this many bytes. */
    public static final int MAX_UTS_HOSTNAME = 64;

    /**
     * The host name a container gets without --hostname: its name, when that is one --hostname
     * would take (RFC 1123, at most 64 characters); else the name made into one: lower-cased, each
     * character other than a letter, digit or '-' (a '_' or a '.') made a '-', then cut to 63
     * characters and trimmed of '-' at either end ({@code My_Box} is {@code my-box}). A container
     * name is never refused for it; one with nothing left ({@code _}) gets {@code fallback}, the
     * container's short id.
     */
    public static String defaultHostname(String containerName, String fallback) {
        if (containerName.length() <= MAX_UTS_HOSTNAME) {
            try {
                return hostname(containerName);
            } catch (InvalidValueException e) {
                // made into one below
            }
        }
        StringBuilder out = new StringBuilder();
        for (char c : AsciiText.lowerCase(containerName).toCharArray()) {
            out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
        }
        String derived = trimHyphens(out.substring(0, Math.min(out.length(), 63)));
        return derived.isEmpty() ? fallback : derived;
    }

    private static String trimHyphens(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }

    /** A fully qualified domain name to resolve for egress (at least two labels, no trailing dot needed). */
    public static String domainName(String text) throws InvalidValueException {
        String lower = AsciiText.lowerCase(text);
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
        String lower = AsciiText.lowerCase(text.strip());
        if (!AsciiText.lowerHex(lower, 64)) {
            throw new InvalidValueException("expected a SHA-256 digest: 64 hexadecimal characters");
        }
        return lower;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** Every dot-separated label is {@code [a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?}. */
    private static boolean allLabels(String lower) {
        int start = 0;
        while (true) {
            int end = lower.indexOf('.', start);
            if (!label(lower, start, end < 0 ? lower.length() : end)) {
                return false;
            }
            if (end < 0) {
                return true;
            }
            start = end + 1;
        }
    }

    private static boolean label(String text, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 63 || !lowerOrDigit(text.charAt(start)) || !lowerOrDigit(text.charAt(end - 1))) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!lowerOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }
}
