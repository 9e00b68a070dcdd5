package dev.nucleus.telemetry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Where spans go and which headers go with them, read once from the environment. The endpoint is
 * checked here, before the SDK sees it, so a typo fails at start with a message that names the
 * variable and the rule, and never echoes what was configured (an endpoint can hide a password).
 */
record OtlpSettings(URI tracesEndpoint, Map<String, String> headers) {
    static final String NUCLEUS_ENDPOINT = "NUCLEUS_OTLP_ENDPOINT";
    static final String OTEL_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    static final String TRACES_PATH = "/v1/traces";

    private static final String RULE = " must be an http:// or https:// URL with a host, a valid port and"
            + " no user info, query or fragment (put credentials in " + OtlpHeaders.VARIABLE + ")";

    OtlpSettings {
        headers = Map.copyOf(headers);
    }

    /** Empty when no endpoint is set: telemetry is off and the launch path pays nothing. */
    static Optional<OtlpSettings> from(Map<String, String> env) {
        String nucleus = nonBlank(env.get(NUCLEUS_ENDPOINT));
        String otel = nonBlank(env.get(OTEL_ENDPOINT));
        if (nucleus == null && otel == null) {
            return Optional.empty();
        }
        // NUCLEUS_ wins so nucleus can be pointed elsewhere than the other OTel programs of the host.
        String variable = nucleus != null ? NUCLEUS_ENDPOINT : OTEL_ENDPOINT;
        String base = checked(variable, nucleus != null ? nucleus : otel);
        // The generic OTel variable is a base URL (OTLP spec: signal path appended); ours may be either.
        boolean complete = nucleus != null && base.endsWith(TRACES_PATH);
        String traces = complete ? base : stripTrailingSlashes(base) + TRACES_PATH;
        return Optional.of(new OtlpSettings(URI.create(traces), OtlpHeaders.parse(env.get(OtlpHeaders.VARIABLE))));
    }

    private static String checked(String variable, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            // Not chained: URISyntaxException's message quotes the input.
            throw new IllegalArgumentException(variable + RULE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean ok = (scheme.equals("http") || scheme.equals("https"))
                && uri.getHost() != null && uri.getPort() <= 65_535
                && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
        if (!ok) {
            throw new IllegalArgumentException(variable + RULE);
        }
        return value;
    }

    private static String stripTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Header names only: their values are usually tokens. */
    @Override
    public String toString() {
        return "OtlpSettings[tracesEndpoint=" + tracesEndpoint + ", headers=" + headers.keySet() + "]";
    }
}
