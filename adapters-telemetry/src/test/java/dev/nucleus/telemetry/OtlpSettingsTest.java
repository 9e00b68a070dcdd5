package dev.nucleus.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The environment rules: which variable wins, the traces path, what is refused and how. */
class OtlpSettingsTest {
    private static final String SECRET = "s3cr3t-T0KEN";

    private static URI traces(Map<String, String> env) {
        return OtlpSettings.from(env).orElseThrow().tracesEndpoint();
    }

    @Test
    void unsetOrBlankMeansNoTelemetry() {
        assertEquals(Optional.empty(), OtlpTelemetry.fromEnvironment(Map.of(), "1"));
        assertEquals(Optional.empty(), OtlpTelemetry.fromEnvironment(
                Map.of("NUCLEUS_OTLP_ENDPOINT", " ", "OTEL_EXPORTER_OTLP_ENDPOINT", "",
                        "OTEL_EXPORTER_OTLP_HEADERS", "a=b"), "1"));
    }

    @Test
    void nucleusVariableWinsOverTheOtelOne() {
        Map<String, String> env = Map.of(
                "NUCLEUS_OTLP_ENDPOINT", "http://nucleus-collector:4318",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://host-collector:4318");
        assertEquals(URI.create("http://nucleus-collector:4318/v1/traces"), traces(env));
        // ...and a blank one falls through to the OTel variable.
        assertEquals(URI.create("http://host-collector:4318/v1/traces"), traces(Map.of(
                "NUCLEUS_OTLP_ENDPOINT", "  ", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://host-collector:4318")));
    }

    @Test
    void theOtelVariableIsABaseUrl() {
        assertEquals(URI.create("https://c.example/otlp/v1/traces"),
                traces(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://c.example/otlp/")));
        // The generic variable always gets the signal path, even when it already looks like one.
        assertEquals(URI.create("http://c:4318/v1/traces/v1/traces"),
                traces(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/v1/traces")));
    }

    @Test
    void theNucleusVariableMayBeTheFullTracesUrl() {
        assertEquals(URI.create("http://c:4318/v1/traces"), traces(Map.of("NUCLEUS_OTLP_ENDPOINT", "http://c:4318/v1/traces")));
        assertEquals(URI.create("http://c:4318/v1/traces"), traces(Map.of("NUCLEUS_OTLP_ENDPOINT", "http://c:4318")));
        assertEquals(URI.create("HTTPS://[::1]:4318/x/v1/traces"), traces(Map.of("NUCLEUS_OTLP_ENDPOINT", "HTTPS://[::1]:4318/x")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"collector:4318", "ftp://c/", "http://", "http:///v1/traces", "not a url", "http://c:99999",
            "http://user:" + SECRET + "@c:4318", "http://c:4318/?token=" + SECRET, "http://c/#" + SECRET, "c%zz"})
    void aMalformedEndpointIsRefusedNamingTheVariableNotTheValue(String endpoint) {
        for (String variable : List.of("NUCLEUS_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")) {
            Map<String, String> env = Map.of(variable, endpoint, "OTEL_EXPORTER_OTLP_HEADERS", "authorization=" + SECRET);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OtlpTelemetry.fromEnvironment(env, "1"));
            assertTrue(e.getMessage().startsWith(variable + " must be an http:// or https:// URL"), e.getMessage());
            assertNoSecret(e);
        }
    }

    @Test
    void headersArePercentDecodedAndSplitAtTheFirstEquals() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c",
                "OTEL_EXPORTER_OTLP_HEADERS", " api-key = a+b/c== ,,x-name=caf%C3%A9%20bar%2C ,empty=");
        assertEquals(Map.of("api-key", "a+b/c==", "x-name", "café bar,", "empty", ""),
                OtlpSettings.from(env).orElseThrow().headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {SECRET, "ok=1," + SECRET, "=" + SECRET, "bad key=" + SECRET, "host=" + SECRET,
            "authorization=" + SECRET + "%2", "authorization=" + SECRET + "%0D%0Ax-injected=1", "a:b=" + SECRET})
    void malformedHeadersAreRefusedWithoutShowingThem(String headers) {
        Map<String, String> env = new HashMap<>(Map.of("NUCLEUS_OTLP_ENDPOINT", "http://c:4318"));
        env.put("OTEL_EXPORTER_OTLP_HEADERS", headers);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OtlpTelemetry.fromEnvironment(env, "1"));
        assertTrue(e.getMessage().startsWith("OTEL_EXPORTER_OTLP_HEADERS: entry "), e.getMessage());
        assertNoSecret(e);
    }

    @Test
    void toStringShowsHeaderNamesOnly() {
        OtlpSettings settings = OtlpSettings.from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c",
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=" + SECRET)).orElseThrow();
        assertFalse(settings.toString().contains(SECRET), settings.toString());
        assertTrue(settings.toString().contains("authorization"), settings.toString());
    }

    /** Neither the exception nor anything chained or suppressed may carry the secret. */
    private static void assertNoSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), "secret in: " + t);
            assertFalse(t.toString().contains(SECRET), "secret in: " + t);
            for (Throwable s : t.getSuppressed()) {
                assertNoSecret(s);
            }
        }
    }
}
