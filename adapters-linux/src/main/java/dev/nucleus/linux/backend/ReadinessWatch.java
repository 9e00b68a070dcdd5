package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.Readiness;
import dev.nucleus.linux.jni.NativeNotify;
import dev.nucleus.linux.jni.NativeProcess;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Readiness: waits until the workload is ready — at once without a probe, when
 * {@code --readiness-exec CMD} exits 0 inside the container, or when {@code --readiness-tcp PORT}
 * accepts a connection on the container's own loopback (the probing thread joins the container's
 * network namespace) — then emits {@code container_ready} and, with {@code --sd-notify}, sends
 * {@code READY=1} to the service manager's NOTIFY_SOCKET.
 */
public final class ReadinessWatch implements AutoCloseable {
    // Milliseconds, not Durations: a launch without a probe loads this class too, and Duration's
    // class initialisation (BigInteger's with it) was a cold start's only use of either.
    private static final long EXEC_PERIOD_MILLIS = 1000;
    private static final long TCP_PERIOD_MILLIS = 200;

    private final Thread thread;

    private ReadinessWatch(Thread thread) {
        this.thread = thread;
    }

    /**
     * NOTIFY_SOCKET, when --sd-notify asks Nucleus to use it: it must be set, and be an abstract
     * socket ({@code @name}) or a path under /run (where service managers put theirs); anything
     * else is refused before the launch.
     */
    public static Optional<String> notifySocket(ContainerSpec spec, String environment)
            throws PolicyRejectedException {
        if (!spec.request().health().sdNotify()) {
            return Optional.empty();
        }
        if (environment == null || environment.isEmpty()) {
            throw new PolicyRejectedException("--sd-notify: NOTIFY_SOCKET is not set (it is, when a service manager"
                    + " such as systemd runs Nucleus as a Type=notify service)");
        }
        boolean abstractSocket = environment.startsWith("@") && environment.length() > 1;
        Path path = Path.of(environment).normalize();
        if (!abstractSocket && !(path.isAbsolute() && path.startsWith("/run/") && path.toString().equals(environment))) {
            throw new PolicyRejectedException("--sd-notify: NOTIFY_SOCKET must be an abstract socket (@name) or a path"
                    + " under /run, not '" + environment + "'");
        }
        return Optional.of(environment);
    }

    /**
     * Starts watching a container the runtime reaches only through {@code check} (a gVisor
     * sandbox): a TCP probe only from the namespace of {@code network}'s process, when the sockets
     * live there, and no notify socket of the workload's own (refused before such a launch). Null
     * when neither a probe nor --sd-notify wants to know.
     */
    public static ReadinessWatch startProbing(String id, String name, Readiness readiness, HealthMonitor.Check check,
                                              Duration timeout, java.util.OptionalLong network,
                                              Optional<String> notifySocket, EventSink events) {
        if (readiness.kind() == Readiness.Kind.SD_NOTIFY
                || readiness.kind() == Readiness.Kind.TCP && network.isEmpty()) {
            throw new IllegalArgumentException("readiness " + readiness.kind() + " needs the container's own process");
        }
        return start(id, name, readiness, network.orElse(-1), check, timeout.toSeconds(), notifySocket, Optional.empty(),
                events);
    }

    /**
     * Starts watching, or returns null when neither a probe nor --sd-notify wants to know.
     *
     * @param timeoutSeconds how long one readiness command may run (--health-timeout's whole seconds)
     */
    static ReadinessWatch start(String id, String name, Readiness readiness, long pid,
                                HealthMonitor.Check check, long timeoutSeconds, Optional<String> notifySocket,
                                Optional<NotifyProxy> proxy, EventSink events) {
        if (readiness.kind() == Readiness.Kind.NONE && notifySocket.isEmpty()) {
            return null;
        }
        boolean workloadNotifies = readiness.kind() == Readiness.Kind.SD_NOTIFY;
        Runnable ready = () -> {
            events.emit(new ContainerEvent.Ready(id, name, how(readiness.kind())));
            notifySocket.filter(s -> !workloadNotifies).ifPresent(socket -> {
                int err = NativeNotify.send(socket, "READY=1\nSTATUS=container running\n"
                        .getBytes(StandardCharsets.UTF_8));
                if (err != 0) {
                    events.warning("--sd-notify: cannot send READY=1 to " + socket + " (errno " + err + ")");
                }
            });
        };
        Runnable probe = switch (readiness.kind()) {
            case NONE -> ready;
            case SD_NOTIFY -> () -> {
                if (relay(proxy.orElseThrow().fd(), notifySocket, events)) {
                    ready.run();
                }
            };
            case EXEC -> () -> {
                List<String> argv = List.of("/bin/sh", "-c", readiness.command().orElseThrow());
                Duration timeout = Duration.ofSeconds(timeoutSeconds);
                while (check.run(argv, timeout) != 0) {
                    if (!pause(EXEC_PERIOD_MILLIS)) {
                        return;
                    }
                }
                ready.run();
            };
            case TCP -> () -> {
                if (awaitTcp(pid, readiness.tcpPort().orElseThrow(), events)) {
                    ready.run();
                }
            };
        };
        Thread t = Thread.ofPlatform().daemon().name("nucleus-ready-" + id.substring(0, 12)).unstarted(probe);
        t.start();
        return new ReadinessWatch(t);
    }

    /**
     * Reads what the workload sends to its notify socket until it says READY=1; with --sd-notify
     * each message goes on to the service manager, without MAINPID (a pid of the container's own
     * namespace means nothing outside it). Returns false when the container ended first.
     */
    private static boolean relay(int fd, Optional<String> notifySocket, EventSink events) {
        while (!Thread.currentThread().isInterrupted()) {
            byte[] message = NativeNotify.receive(fd, 200);
            if (message == null) {
                continue;
            }
            List<String> lines = new String(message, StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("MAINPID=")).toList();
            notifySocket.ifPresent(socket -> {
                int err = NativeNotify.send(socket, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
                if (err != 0) {
                    events.warning("--sd-notify: cannot pass on to " + socket + " (errno " + err + ")");
                }
            });
            if (lines.contains("READY=1")) {
                return true;
            }
        }
        return false;
    }

    /** Connects to 127.0.0.1:port from inside the container's network namespace until it accepts. */
    private static boolean awaitTcp(long pid, int port, EventSink events) {
        int pidfd = NativeProcess.pidfdOpen(pid);
        if (pidfd < 0) {
            return false;
        }
        try {
            int err = NativeProcess.joinNetworkNamespace(pidfd); // this thread only; it ends after the probe
            if (err != 0) {
                events.warning("--readiness-tcp: cannot enter the container's network namespace (errno " + err + ")");
                return false;
            }
        } finally {
            NativeShim.close(pidfd);
        }
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException refused) {
                if (!pause(TCP_PERIOD_MILLIS)) {
                    return false;
                }
            }
        }
    }

    private static String how(Readiness.Kind kind) {
        return switch (kind) {
            case NONE -> "started";
            case EXEC -> "exec";
            case TCP -> "tcp";
            case SD_NOTIFY -> "sd_notify";
        };
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
