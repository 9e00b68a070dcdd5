package dev.nucleus.telemetry;

import dev.nucleus.ports.out.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Telemetry} over OTLP/HTTP (protobuf) with the OpenTelemetry SDK and the JDK's HttpClient.
 * Only the SDK's tracer provider is built, never the global one: nothing else in the process
 * picks it up, and no thread-local context is read or set.
 */
public final class OtlpTelemetry implements Telemetry {
    /** The longest {@link #close()} waits for the last spans to leave. */
    static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    /** One export, its retries included; below the bound so a stuck collector is given up on in time. */
    static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(3);

    /**
     * One quick retry, not the SDK's five with backoffs up to 5 s: when the collector is down
     * (connection refused) a process exit waits a quarter of a second, not the whole timeout.
     */
    private static final RetryPolicy RETRY = RetryPolicy.builder()
            .setMaxAttempts(2).setInitialBackoff(Duration.ofMillis(250)).build();

    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final AtomicBoolean closed = new AtomicBoolean();

    OtlpTelemetry(OtlpSettings settings, String serviceVersion) {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.tracesEndpoint().toString())
                .setHeaders(settings::headers)
                .setTimeout(EXPORT_TIMEOUT)
                .setConnectTimeout(EXPORT_TIMEOUT)
                .setRetryPolicy(RETRY)
                .build();
        // Batched: a launch's spans leave in one request at close, or every few seconds while a
        // long workload runs, instead of one request per span.
        BatchSpanProcessor batch = BatchSpanProcessor.builder(exporter)
                .setExporterTimeout(EXPORT_TIMEOUT)
                .build();
        this.provider = SdkTracerProvider.builder()
                .setResource(resource(serviceVersion))
                .addSpanProcessor(batch)
                .build();
        this.tracer = provider.get("dev.nucleus");
    }

    /**
     * The adapter the environment asks for: empty when neither {@code NUCLEUS_OTLP_ENDPOINT} nor
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set; an IllegalArgumentException naming the variable
     * when one is malformed (never quoting {@code OTEL_EXPORTER_OTLP_HEADERS}).
     */
    public static Optional<Telemetry> fromEnvironment(Map<String, String> env, String serviceVersion) {
        return OtlpSettings.from(env).map(settings -> new OtlpTelemetry(settings, serviceVersion));
    }

    private static Resource resource(String serviceVersion) {
        AttributesBuilder attributes = Attributes.builder().put(SERVICE_NAME, "nucleus");
        if (serviceVersion != null && !serviceVersion.isBlank()) {
            attributes.put(SERVICE_VERSION, serviceVersion);
        }
        // Default keeps the SDK's telemetry.sdk.* attributes; ours override its unknown_service.
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    @Override
    public Span start(String name, Map<String, String> attributes) {
        return SdkSpan.root(tracer, name, attributes == null ? Map.of() : attributes);
    }

    /**
     * Flushes and shuts down within {@link #CLOSE_BOUND}; an export that fails or is still running
     * then is dropped (the SDK's threads are daemons), since telemetry never fails a launch.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // a second shutdown would only make the SDK log "multiple times"
        }
        try {
            provider.shutdown().join(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // Nothing to do: the spans are lost, the launch is not.
        }
    }
}
