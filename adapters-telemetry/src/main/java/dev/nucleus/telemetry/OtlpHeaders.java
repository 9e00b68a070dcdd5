package dev.nucleus.telemetry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code OTEL_EXPORTER_OTLP_HEADERS}: {@code key=value} pairs separated by commas, values
 * percent-encoded (the OTel spec's W3C-baggage form). Values are usually bearer tokens, so an
 * error names the variable and the entry's position, never its text.
 */
final class OtlpHeaders {
    static final String VARIABLE = "OTEL_EXPORTER_OTLP_HEADERS";

    // java.net.http refuses these at send time, on the exporter's thread: refuse them at start instead.
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

    private OtlpHeaders() {
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return headers;
        }
        String[] entries = raw.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String where = VARIABLE + ": entry " + (i + 1) + " of " + entries.length;
            if (eq <= 0) {
                throw new IllegalArgumentException(where + " is not key=value (values are never shown)");
            }
            String key = entry.substring(0, eq).strip();
            if (!isToken(key) || RESTRICTED.contains(key.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(where + " has a key that is not a usable HTTP header name");
            }
            // Split at the first '=' only: base64 tokens end in '='.
            String value = percentDecoded(entry.substring(eq + 1).strip(), where);
            headers.put(key, value);
        }
        return headers;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || TOKEN_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** %XX runs to UTF-8; '+' stays '+' (unlike URLDecoder), as base64 tokens need. */
    private static String percentDecoded(String s, String where) {
        StringBuilder value = new StringBuilder(s.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException(where + " has a '%' not followed by two hex digits");
                }
                escaped.write(hi << 4 | lo);
                i += 2;
            } else {
                value.append(escaped.toString(StandardCharsets.UTF_8)).append(c);
                escaped.reset();
            }
        }
        value.append(escaped.toString(StandardCharsets.UTF_8));
        // A CR, LF or other control character would split or corrupt the request.
        if (value.chars().anyMatch(ch -> (ch < 0x20 && ch != '\t') || ch == 0x7f)) {
            throw new IllegalArgumentException(where + " has a control character in its value");
        }
        return value.toString();
    }
}
