package dev.nucleus.telemetry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.ports.out.Telemetry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A collector that is down or stuck never fails a launch, nor holds it past the close bound. */
class OtlpTelemetryCloseTest {
    private static final Duration SLACK = Duration.ofMillis(1500);

    @Test
    void nothingListeningCloseReturnsInTimeAndThrowsNothing() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // closed again: connections to it are refused
        }
        assertClosesInTime("http://127.0.0.1:" + port);
    }

    @Test
    void aCollectorThatNeverAnswersIsGivenUpOnInTime() throws Exception {
        // Accepts the connection (backlog) and never reads or answers: the export hangs until its timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertClosesInTime("http://127.0.0.1:" + silent.getLocalPort());
        }
    }

    private static void assertClosesInTime(String endpoint) {
        Telemetry telemetry = OtlpTelemetry.fromEnvironment(Map.of("NUCLEUS_OTLP_ENDPOINT", endpoint), "1").orElseThrow();
        try (Telemetry.Span span = telemetry.start("create", Map.of("container.id", "c1"))) {
            span.child("setup").close();
        }
        long start = System.nanoTime();
        assertDoesNotThrow(telemetry::close);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(OtlpTelemetry.CLOSE_BOUND.plus(SLACK)) < 0, "close took " + took);
    }
}
