package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP export of a real launch: bin/nucleus with NUCLEUS_OTLP_ENDPOINT sends its lifecycle spans
 * to a receiver on loopback, which decodes them with the OTLP protobuf classes.
 */
@Tag("root")
class TelemetryIT {
    HttpServer server;
    final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/traces", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            received.add(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    List<Span> spans() {
        return received.stream().flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(r -> r.getScopeSpansList().stream()).map(ScopeSpans::getSpansList).flatMap(List::stream)
                .toList();
    }

    static Map<String, String> attributes(Span s) {
        return s.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
                kv -> kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
                        : Long.toString(kv.getValue().getIntValue())));
    }

    @Test
    void aRunExportsItsLifecycleSpansAsOneTrace() {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        Nucleus.Result r = Nucleus.shell("NUCLEUS_OTLP_ENDPOINT=" + endpoint + " " + Nucleus.BIN
                + " run --memory 64M -- /bin/sh -c 'exit 3'");
        assertEquals(3, r.exit(), r.toString());
        List<Span> spans = spans();
        Map<String, Span> byName = spans.stream().collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
        assertTrue(byName.keySet().containsAll(List.of("nucleus.run", "create", "policies", "prepare", "plan",
                "clone", "hooks", "run", "stop")), "spans: " + byName.keySet());
        Span root = byName.get("nucleus.run");
        assertTrue(root.getParentSpanId().isEmpty(), "the launch is the trace's root");
        assertTrue(spans.stream().allMatch(s -> s.getTraceId().equals(root.getTraceId())), "one trace");
        for (String child : List.of("create", "run", "stop")) {
            assertEquals(root.getSpanId(), byName.get(child).getParentSpanId(), child + " is a child of the launch");
        }
        for (String step : List.of("policies", "prepare", "plan", "clone", "hooks")) {
            assertEquals(byName.get("create").getSpanId(), byName.get(step).getParentSpanId(), step + " is a step of create");
        }
        assertEquals("agent", attributes(root).get("nucleus.mode"));
        assertTrue(attributes(root).get("container.id").matches("[0-9a-f]{32}"), attributes(root).toString());
        assertEquals("3", attributes(byName.get("run")).get("exit.code"));
        Span run = byName.get("run");
        assertTrue(run.getEndTimeUnixNano() >= run.getStartTimeUnixNano());
        assertTrue(byName.get("stop").getStartTimeUnixNano() >= run.getEndTimeUnixNano() - 1_000_000,
                "stop follows run");
        String service = received.getFirst().getResourceSpans(0).getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name")).findFirst().orElseThrow().getValue()
                .getStringValue();
        assertEquals("nucleus", service);
    }

    @Test
    void aFailedLaunchMarksItsSpansFailedAndAMalformedEndpointIsRefused() {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        Nucleus.Result r = Nucleus.shell("OTEL_EXPORTER_OTLP_ENDPOINT=" + endpoint + " " + Nucleus.BIN
                + " run --workdir /tmp/missing -- /bin/true"); // not judged beforehand: fails at chdir
        assertEquals(125, r.exit(), r.toString());
        Span root = spans().stream().filter(s -> s.getName().equals("nucleus.run")).findFirst().orElseThrow();
        assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, root.getStatus().getCode());
        assertTrue(root.getStatus().getMessage().contains("chdir /tmp/missing"), root.getStatus().getMessage());

        Nucleus.Result bad = Nucleus.shell("NUCLEUS_OTLP_ENDPOINT=ftp://x " + Nucleus.BIN + " run -- /bin/true");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("NUCLEUS_OTLP_ENDPOINT"), bad.toString());
        assertFalse(bad.err().contains("ftp://x"), "the value is not echoed (it may carry credentials): " + bad);
    }

    /**
     * The launcher turns JVM logging off (-Xlog:disable), which also swallows -verbose:class from
     * JAVA_TOOL_OPTIONS; so the class-load log is asked for in a copy of the launcher's script
     * (bin/nucleus is a C program running the same command), after it.
     */
    static String loadedClasses(String env, Path dir) throws IOException {
        Path log = dir.resolve("classes.log");
        Path script = Nucleus.REPO.resolve("distribution/target/nucleus/lib/nucleus-launch.sh");
        Path launcher = script.resolveSibling(".nucleus-classlog-" + ProcessHandle.current().pid() + ".sh");
        Files.writeString(launcher, Files.readString(script).replace("-Xlog:all=warning:stderr",
                "-Xlog:all=warning:stderr -Xlog:class+load=info:file=" + log));
        try {
            Nucleus.Result r = Nucleus.shell(env + " sh " + launcher + " run -- /bin/true");
            assertEquals(0, r.exit(), r.toString());
            return Files.readString(log);
        } finally {
            Files.deleteIfExists(launcher);
        }
    }

    @Test
    void withoutAnEndpointNothingIsSentAndTheSdkIsNotLoaded(@TempDir Path dir) throws IOException {
        String classes = loadedClasses("env -u NUCLEUS_OTLP_ENDPOINT -u OTEL_EXPORTER_OTLP_ENDPOINT", dir);
        assertTrue(classes.contains("dev.nucleus.cli.Main"), "the class-load log works");
        assertFalse(classes.contains("io.opentelemetry"), "no OpenTelemetry class was loaded");
        assertTrue(received.isEmpty());
        String configured = loadedClasses("NUCLEUS_OTLP_ENDPOINT=http://127.0.0.1:" + server.getAddress().getPort(),
                dir);
        assertTrue(configured.contains("io.opentelemetry"), "with an endpoint it is: the check can fail");
    }
}
