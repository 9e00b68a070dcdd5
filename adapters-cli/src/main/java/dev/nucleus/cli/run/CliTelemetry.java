package dev.nucleus.cli.run;

import dev.nucleus.cli.common.Version;
import dev.nucleus.ports.out.Telemetry;
import dev.nucleus.telemetry.OtlpTelemetry;

import java.util.Map;

/**
 * Lifecycle spans for the launch, exported over OTLP/HTTP when NUCLEUS_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise {@link Telemetry#NONE}, and the OpenTelemetry
 * SDK is never loaded (its classes are reached only through {@link Exporter}).
 */
final class CliTelemetry {
    private CliTelemetry() {
    }

    /** The telemetry the environment asks for; an IllegalArgumentException names a malformed setting. */
    static Telemetry open(Map<String, String> env) {
        if (blank(env.get("NUCLEUS_OTLP_ENDPOINT")) && blank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))) {
            return Telemetry.NONE;
        }
        return Exporter.open(env);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Loaded only when an endpoint is configured. */
    private static final class Exporter {
        static Telemetry open(Map<String, String> env) {
            return OtlpTelemetry.fromEnvironment(env, Version.current()).orElse(Telemetry.NONE);
        }
    }
}
