package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.SeccompAuditRecord;
import dev.nucleus.linux.jni.NativeKmsg;
import dev.nucleus.linux.jni.NativeSeccomp;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.ports.out.EventSink;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --seccomp-log-denied}: reads the kernel log while the container runs and reports each
 * seccomp audit record whose {@code ses=} is the container's own audit session, so denials of
 * every process of the container (also ones already dead) are reported and nobody else's are.
 * Records reach the kernel log only when no audit daemon takes them and its rate limit allows.
 */
final class SeccompDenialWatcher implements AutoCloseable {
    private static final int POLL_MILLIS = 100;

    private final String id;
    private final long session;
    private final EventSink events;
    private final int kmsg;
    private final AtomicLong denials = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean failed;
    private boolean closed;
    private final Thread reader;

    private SeccompDenialWatcher(String id, long session, EventSink events, int kmsg) {
        this.id = id;
        this.session = session;
        this.events = events;
        this.kmsg = kmsg;
        this.reader = Thread.ofPlatform().daemon().name("nucleus-seccomp-denials").unstarted(this::readUntilStopped);
    }

    /**
     * Starts watching for this container's session, or warns and returns empty when denials cannot
     * be attributed (no audit session) or read (no kernel log access).
     */
    static Optional<SeccompDenialWatcher> start(String id, Optional<Long> session, EventSink events) {
        if (session.isEmpty()) {
            events.warning("--seccomp-log-denied: the kernel gave the container no audit session, so its denials"
                    + " cannot be told from other processes' and are not reported");
            return Optional.empty();
        }
        int fd;
        try {
            fd = NativeKmsg.openAtEnd();
        } catch (RuntimeException e) {
            events.warning("--seccomp-log-denied: denials are logged but cannot be reported: " + e.getMessage());
            return Optional.empty();
        }
        SeccompDenialWatcher w = new SeccompDenialWatcher(id, session.get(), events, fd);
        w.reader.start();
        return Optional.of(w);
    }

    long denials() {
        return denials.get();
    }

    private void readUntilStopped() {
        try {
            while (!stopping) {
                NativeKmsg.read(kmsg, POLL_MILLIS).ifPresent(this::consider);
            }
        } catch (RuntimeException e) {
            failed = true;
            events.warning("--seccomp-log-denied: stopped reading the kernel log: " + e.getMessage());
        }
    }

    private void consider(String record) {
        SeccompAuditRecord.parse(record).filter(r -> r.session() == session).ifPresent(r -> {
            denials.incrementAndGet();
            events.emit(new ContainerEvent.SeccompDenied(id, r, NativeSeccomp.syscallName(r.syscall())));
        });
    }

    /** Stops after taking what the kernel logged until now (the container has exited). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (Optional<String> r = failed ? Optional.<String>empty() : NativeKmsg.read(kmsg, 0); r.isPresent();
                 r = NativeKmsg.read(kmsg, 0)) {
                consider(r.get());
            }
        } catch (RuntimeException e) {
            events.warning("--seccomp-log-denied: could not read the last kernel log records: " + e.getMessage());
        } finally {
            NativeShim.close(kmsg);
        }
    }
}
