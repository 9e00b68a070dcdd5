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
    /** The reader's wait for a record; close() ends it at once through the wake fd. */
    private static final int POLL_MILLIS = 1000;
    /**
     * After the container's exit, the kernel's audit thread prints its last records a moment later:
     * they are read until that thread sleeps ({@link KernelAuditThread}), for at most this long.
     */
    private static final long DRAIN_LIMIT_NANOS = 200_000_000L;
    /**
     * Where that thread cannot be seen (a /proc without the host's kernel threads), how long the
     * log is read after the exit instead; each record seen restarts it.
     */
    private static final int GRACE_MILLIS = 10;

    private final String id;
    private final long session;
    private final EventSink events;
    private final int kmsg;
    private final int wake;
    private final AtomicLong denials = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean failed;
    /** Found by the reader thread while the container runs; read after joining it. */
    private Optional<KernelAuditThread> auditThread = Optional.empty();
    private boolean closed;
    private final Thread reader;

    private SeccompDenialWatcher(String id, long session, EventSink events, int kmsg, int wake) {
        this.id = id;
        this.session = session;
        this.events = events;
        this.kmsg = kmsg;
        this.wake = wake;
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
        int fd = -1;
        int wake;
        try {
            fd = NativeKmsg.openAtEnd();
            wake = NativeKmsg.openWake();
        } catch (RuntimeException e) {
            if (fd >= 0) {
                NativeShim.close(fd);
            }
            events.warning("--seccomp-log-denied: denials are logged but cannot be reported: " + e.getMessage());
            return Optional.empty();
        }
        SeccompDenialWatcher w = new SeccompDenialWatcher(id, session.get(), events, fd, wake);
        w.reader.start();
        return Optional.of(w);
    }

    long denials() {
        return denials.get();
    }

    private void readUntilStopped() {
        auditThread = KernelAuditThread.find();
        try {
            while (!stopping) {
                NativeKmsg.read(kmsg, wake, POLL_MILLIS).ifPresent(this::consider);
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

    /**
     * The records the container made that were not read yet: each is queued for kauditd before the
     * syscall returns, so once the container has exited and kauditd sleeps, all of them are in the
     * log. Whether it sleeps is looked at before each drain, so nothing it printed before it went
     * to sleep is missed.
     */
    private void drainLastRecords() {
        if (auditThread.isEmpty()) {
            takeRecords(GRACE_MILLIS);
            return;
        }
        long deadline = System.nanoTime() + DRAIN_LIMIT_NANOS;
        for (;;) {
            boolean printed = auditThread.get().idle();
            takeRecords(0);
            if (printed || System.nanoTime() - deadline > 0) {
                return;
            }
            NativeKmsg.read(kmsg, 1).ifPresent(this::consider); // kauditd at work: wait a little for its output
        }
    }

    /** Takes records until none comes within {@code waitMillis} (0: the ones there already). */
    private void takeRecords(int waitMillis) {
        for (Optional<String> r = NativeKmsg.read(kmsg, waitMillis); r.isPresent(); r = NativeKmsg.read(kmsg, waitMillis)) {
            consider(r.get());
        }
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
            NativeKmsg.wake(wake); // not a poll's timeout: the teardown waited for it, up to 100 ms
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            events.warning("--seccomp-log-denied: could not stop the kernel log reader: " + e.getMessage());
        }
        try {
            if (!failed) {
                drainLastRecords();
            }
        } catch (RuntimeException e) {
            events.warning("--seccomp-log-denied: could not read the last kernel log records: " + e.getMessage());
        } finally {
            NativeShim.close(kmsg);
            NativeShim.close(wake);
        }
    }
}
