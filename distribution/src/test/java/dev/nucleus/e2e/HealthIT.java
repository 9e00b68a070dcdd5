package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.jni.NativeNotify;
import dev.nucleus.linux.jni.NativeShim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Health checks and readiness: a failing check marks the container unhealthy (ps, state, events)
 * and stops it; readiness probes (exec, tcp) report container_ready, and with --sd-notify
 * Nucleus sends READY=1 to the service manager's socket only once the probe passed.
 */
@Tag("root")
class HealthIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    Path root;
    Path events;

    @BeforeEach
    void dirs() throws IOException {
        root = Files.createTempDirectory("nucleus-health");
        events = root.resolve("events.jsonl");
    }

    @AfterEach
    void cleanUp() {
        Nucleus.run("--root", root.toString(), "rm", "--force", "probed");
        Nucleus.shell("rm -rf '" + root + "'");
    }

    List<JsonNode> events() throws IOException {
        return Files.exists(events) ? Files.readAllLines(events).stream().map(l -> JSON.readTree(l)).toList() : List.of();
    }

    @Test
    void aFailingHealthCheckMarksTheContainerUnhealthyAndStopsIt() throws Exception {
        Nucleus.Result created = Nucleus.run("--root", root.toString(), "--events-jsonl", events.toString(), "create",
                "-d", "--name", "probed", "--health-cmd", "test -e /tmp/healthy", "--health-interval", "1",
                "--health-retries", "2", "--health-start-period", "0", "--health-timeout", "5", "--",
                "/bin/sh", "-c", "trap 'exit 5' TERM; touch /tmp/healthy; sleep 2; rm /tmp/healthy;"
                        + " while :; do sleep 0.2; done");
        assertEquals(0, created.exit(), created.toString());
        JsonNode ps = null;
        for (int i = 0; i < 30; i++) {
            ps = JSON.readTree(Nucleus.run("--root", root.toString(), "ps", "--json").out());
            if (!ps.isEmpty() && "healthy".equals(ps.get(0).get("health").asString(null))) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("healthy", ps.get(0).get("health").asString(), "the first check passed: " + ps);

        JsonNode stopped = null;
        for (int i = 0; i < 100; i++) {
            stopped = JSON.readTree(Nucleus.run("--root", root.toString(), "ps", "--all", "--json").out()).get(0);
            // gone, and its end recorded: between the two, ps derives "exited (?)" from the missing process
            if (stopped.get("pid").isNull() && !stopped.get("exit_code").isNull()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("unhealthy", stopped.get("health").asString(), stopped.toString());
        assertEquals(5, stopped.get("exit_code").asInt(), "stopped by SIGTERM, which it handled: " + stopped);
        String state = Nucleus.run("--root", root.toString(), "state", "probed").out();
        assertTrue(state.contains("\"dev.nucleus.health\" : \"unhealthy\""), state);

        List<String> verdicts = events().stream().filter(e -> e.get("type").asString().equals("health_status"))
                .map(e -> e.get("health").get("status").asString()).toList();
        assertEquals(List.of("healthy", "unhealthy"), verdicts);
        JsonNode unhealthy = events().stream().filter(e -> e.get("type").asString().equals("health_status")).toList()
                .getLast();
        assertEquals(2, unhealthy.get("health").get("failing_streak").asInt(), unhealthy.toString());
        assertTrue(Nucleus.run("--root", root.toString(), "logs", "probed").err().contains("unhealthy"));
    }

    @Test
    void readinessOverTcpWithSdNotifySendsReadyOnlyOnceTheServerListens() throws Exception {
        Path socket = Path.of("/run/nucleus-health-it-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(socket);
        // The default profile refuses sockets without a network; this one lets the server listen
        // on the container's own loopback, which only a probe inside its netns can reach.
        Path allow = root.resolve("allow-all.json");
        Files.writeString(allow, "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[]}");
        int fd = NativeNotify.bind(socket.toString());
        try {
            long launched = System.nanoTime();
            CompletableFuture<Nucleus.Result> run = CompletableFuture.supplyAsync(() -> Nucleus.shell(
                    "NOTIFY_SOCKET=" + socket + " " + Nucleus.BIN + " --root " + root + " --events-jsonl " + events
                            + " run --name probed --seccomp-profile " + allow + " --sd-notify --readiness-tcp 8080"
                            + " -- /bin/sh -c"
                            + " 'sleep 1.5; busybox nc -l -p 8080 -w 5 >/dev/null; echo served'"));
            byte[] message = NativeNotify.receive(fd, 20_000);
            long tookMillis = (System.nanoTime() - launched) / 1_000_000;
            assertNotNull(message, "READY=1 arrived: " + run.getNow(null));
            assertTrue(new String(message, StandardCharsets.UTF_8).startsWith("READY=1\n"));
            assertTrue(tookMillis >= 1500, "not before the server listened: " + tookMillis + " ms");
            Nucleus.Result result = run.get();
            assertEquals(0, result.exit(), result.toString());
            assertEquals("served\n", result.out(), "the probe's connection was the one the server took");
            assertTrue(events().stream().anyMatch(e -> e.get("type").asString().equals("container_ready")
                    && e.get("probe").asString().equals("tcp")), events().toString());
        } finally {
            NativeShim.close(fd);
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void aWorkloadThatNotifiesItselfIsRelayedToTheServiceManagerWithoutItsPid() throws Exception {
        Path socket = Path.of("/run/nucleus-health-it-relay-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(socket);
        int fd = NativeNotify.bind(socket.toString());
        try {
            CompletableFuture<Nucleus.Result> run = CompletableFuture.supplyAsync(() -> Nucleus.shell(
                    "NOTIFY_SOCKET=" + socket + " " + Nucleus.BIN + " --root " + root + " --events-jsonl " + events
                            + " run --name probed --user 1000 --group 1000 --sd-notify --readiness-sd-notify --"
                            + " /usr/bin/python3 -c \"import socket, os, time;"
                            + " s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM);"
                            + " print(os.environ['NOTIFY_SOCKET']);"
                            + " s.sendto(b'STATUS=warming up\\nMAINPID=1', os.environ['NOTIFY_SOCKET']);"
                            + " time.sleep(1); s.sendto(b'READY=1', os.environ['NOTIFY_SOCKET']); time.sleep(0.5)\""));
            byte[] first = NativeNotify.receive(fd, 20_000);
            byte[] second = NativeNotify.receive(fd, 20_000);
            Nucleus.Result result = run.get();
            assertEquals(0, result.exit(), result.toString());
            assertEquals("/run/nucleus-notify/notify.sock\n", result.out(),
                    "the workload has a socket of its own, never the host's");
            assertNotNull(first, result.toString());
            assertEquals("STATUS=warming up\n", new String(first, StandardCharsets.UTF_8), "passed on, without MAINPID");
            assertNotNull(second, result.toString());
            assertEquals("READY=1\n", new String(second, StandardCharsets.UTF_8));
            assertTrue(events().stream().anyMatch(e -> e.get("type").asString().equals("container_ready")
                    && e.get("probe").asString().equals("sd_notify")), events().toString());
        } finally {
            NativeShim.close(fd);
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void readinessExecRunsInsideTheContainerUntilItPasses() throws Exception {
        Nucleus.Result r = Nucleus.run("--root", root.toString(), "--events-jsonl", events.toString(), "run",
                "--name", "probed", "--readiness-exec", "test -e /tmp/ready", "--", "/bin/sh", "-c",
                "sleep 1; touch /tmp/ready; sleep 2");
        assertEquals(0, r.exit(), r.toString());
        List<JsonNode> all = events();
        JsonNode started = all.stream().filter(e -> e.get("type").asString().equals("container_started")).findFirst()
                .orElseThrow();
        JsonNode ready = all.stream().filter(e -> e.get("type").asString().equals("container_ready")).findFirst()
                .orElseThrow(() -> new AssertionError("no container_ready: " + all));
        assertEquals("exec", ready.get("probe").asString());
        long after = ready.get("timestamp_unix_ms").asLong() - started.get("timestamp_unix_ms").asLong();
        assertTrue(after >= 1000, "ready only once /tmp/ready exists inside the container: " + after + " ms");
    }

    @Test
    void sdNotifyNeedsAServiceManagersSocketInRunOrAbstract() {
        Nucleus.Result unset = Nucleus.shell("env -u NOTIFY_SOCKET " + Nucleus.BIN + " --root " + root
                + " run --sd-notify -- /bin/true");
        assertEquals(2, unset.exit(), unset.toString());
        assertTrue(unset.err().contains("NOTIFY_SOCKET is not set"), unset.toString());
        Nucleus.Result elsewhere = Nucleus.shell("NOTIFY_SOCKET=/tmp/notify.sock " + Nucleus.BIN + " --root " + root
                + " run --sd-notify -- /bin/true");
        assertEquals(2, elsewhere.exit(), elsewhere.toString());
        assertTrue(elsewhere.err().contains("must be an abstract socket (@name) or a path under /run"),
                elsewhere.toString());
        Nucleus.Result escape = Nucleus.shell("NOTIFY_SOCKET=/run/../tmp/n.sock " + Nucleus.BIN + " --root " + root
                + " run --sd-notify -- /bin/true");
        assertEquals(2, escape.exit(), escape.toString());
    }
}
