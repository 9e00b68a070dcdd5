package dev.nucleus.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.ports.out.Telemetry;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans through the real exporter into a loopback OTLP receiver, decoded from the wire. */
class OtlpTelemetryExportTest {
    private OtlpReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new OtlpReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private Telemetry telemetry(Map<String, String> env) {
        return OtlpTelemetry.fromEnvironment(env, "1.2.3").orElseThrow();
    }

    @Test
    void rootChildAttributesAndFailureReachTheCollectorByClose() {
        try (Telemetry telemetry = telemetry(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.base()))) {
            try (Telemetry.Span create = telemetry.start("create", Map.of("container.id", "c1"))) {
                create.attribute("bundle", "/srv/b");
                try (Telemetry.Span rootfs = create.child("setup.rootfs")) {
                    rootfs.attribute("layers", 3L);
                    rootfs.fail("mount: EPERM");
                }
            }
        } // close() flushes: no waiting, the spans are there

        Span create = receiver.span("create");
        Span rootfs = receiver.span("setup.rootfs");
        assertTrue(create.getParentSpanId().isEmpty(), "the root has no parent");
        assertEquals(create.getTraceId(), rootfs.getTraceId());
        assertEquals(create.getSpanId(), rootfs.getParentSpanId());
        assertEquals(Map.of("container.id", string("c1"), "bundle", string("/srv/b")), attributes(create));
        assertEquals(Map.of("layers", AnyValue.newBuilder().setIntValue(3).build()), attributes(rootfs));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, rootfs.getStatus().getCode());
        assertEquals("mount: EPERM", rootfs.getStatus().getMessage());
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, create.getStatus().getCode());
        assertTrue(create.getEndTimeUnixNano() >= rootfs.getEndTimeUnixNano(), "ended, child first");

        Map<String, AnyValue> resource = receiver.resourceSpans().getFirst().getResource().getAttributesList()
                .stream().collect(java.util.stream.Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
        assertEquals(string("nucleus"), resource.get("service.name"));
        assertEquals(string("1.2.3"), resource.get("service.version"));
    }

    @Test
    void aChildMadeOnAnotherThreadStillNamesItsParent() throws Exception {
        try (Telemetry telemetry = telemetry(Map.of("NUCLEUS_OTLP_ENDPOINT", receiver.base() + "/v1/traces"))) {
            try (Telemetry.Span run = telemetry.start("run", Map.of())) {
                Telemetry.Span stop = CompletableFuture.supplyAsync(() -> run.child("stop")).get();
                stop.child("stop.kill").close();
                stop.close();
            }
            try (Telemetry.Span other = telemetry.start("other", Map.of())) {
                other.attribute("k", "v");
            }
        }
        Span run = receiver.span("run");
        Span stop = receiver.span("stop");
        Span kill = receiver.span("stop.kill");
        assertEquals(run.getSpanId(), stop.getParentSpanId());
        assertEquals(stop.getSpanId(), kill.getParentSpanId());
        assertEquals(run.getTraceId(), kill.getTraceId());
        // A second root is a trace of its own, not a child of whatever came before.
        Span other = receiver.span("other");
        assertTrue(other.getParentSpanId().isEmpty());
        assertFalse(other.getTraceId().equals(run.getTraceId()));
    }

    @Test
    void headersFromTheEnvironmentAreSentDecoded() {
        Map<String, String> env = Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.base() + "/",
                "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20abc+/def==, x-tenant=ops");
        try (Telemetry telemetry = telemetry(env)) {
            telemetry.start("create", Map.of()).close();
        }
        assertEquals(List.of("Bearer abc+/def=="), receiver.authorizations());
        assertEquals(1, receiver.spans().size());
    }

    @Test
    void closeTwiceAndSpansAfterCloseAreHarmless() {
        Telemetry telemetry = telemetry(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.base()));
        telemetry.start("before", Map.of()).close();
        telemetry.close();
        telemetry.close();
        try (Telemetry.Span late = telemetry.start("after", Map.of())) {
            late.child("after.child").fail("ignored");
        }
        assertEquals(List.of("before"), receiver.spans().stream().map(Span::getName).toList());
    }

    private static AnyValue string(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    private static Map<String, AnyValue> attributes(Span span) {
        return span.getAttributesList().stream()
                .collect(java.util.stream.Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }
}
