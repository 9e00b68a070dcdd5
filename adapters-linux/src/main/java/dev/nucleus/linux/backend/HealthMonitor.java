package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.HealthStatus;
import dev.nucleus.domain.lifecycle.HealthTracker;
import dev.nucleus.domain.spec.Health;
import dev.nucleus.linux.state.HealthFile;
import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code --health-cmd}: after the start period, runs {@code /bin/sh -c CMD} inside the container
 * as the workload ({@link ContainerAttach#probe}) every interval, each run bounded by the health
 * timeout; records the verdict ({@link HealthFile}, a {@code health_status} event on each change)
 * and, once {@code retries} checks in a row failed, stops the container.
 */
public final class HealthMonitor implements AutoCloseable {
    /** One check: the probe's exit status. */
    public interface Check {
        int run(List<String> argv, Duration timeout);
    }

    private final Thread thread;

    private HealthMonitor(Thread thread) {
        this.thread = thread;
    }

    /** Starts checking, or returns null when the launch has no health check. */
    public static HealthMonitor start(String id, String name, Health health, Check check, Path containerDir,
                                      EventSink events, Runnable stop) {
        if (health.command().isEmpty()) {
            return null;
        }
        List<String> argv = List.of("/bin/sh", "-c", health.command().get());
        Runnable loop = () -> {
            HealthTracker tracker = new HealthTracker(health.retries());
            HealthStatus last = HealthStatus.STARTING;
            record(containerDir, last, 0, events);
            try {
                Thread.sleep(Duration.ofSeconds(health.startPeriodSeconds()));
                while (true) {
                    boolean passed = check.run(argv, Duration.ofSeconds(health.timeoutSeconds())) == 0;
                    HealthStatus now = tracker.record(passed, false);
                    if (now != last) {
                        events.emit(new ContainerEvent.HealthChanged(id, name, now, tracker.failingStreak()));
                    }
                    if (now != last || !passed) {
                        record(containerDir, now, tracker.failingStreak(), events);
                    }
                    last = now;
                    if (now == HealthStatus.UNHEALTHY) {
                        stop.run();
                        return;
                    }
                    Thread.sleep(Duration.ofSeconds(health.intervalSeconds()));
                }
            } catch (InterruptedException e) {
                // the container ended
            }
        };
        Thread t = Thread.ofPlatform().daemon().name("nucleus-health-" + id.substring(0, 12)).unstarted(loop);
        t.start();
        return new HealthMonitor(t);
    }

    private static void record(Path dir, HealthStatus status, int streak, EventSink events) {
        try {
            HealthFile.write(dir, status, streak);
        } catch (IOException e) {
            events.warning("cannot record the health status: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(2000); // a check in flight ends with the container's processes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
