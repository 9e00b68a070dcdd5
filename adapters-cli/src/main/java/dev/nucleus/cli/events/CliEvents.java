package dev.nucleus.cli.events;

import dev.nucleus.cli.common.CallerFds;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's events: warnings and seccomp denials on stderr, and every event as a JSON line to
 * {@code --events-jsonl FILE} (appended, created 0600, never through a symlink) or
 * {@code --events-fd N} (an inherited pipe or file). Thread-safe: the denial watcher writes too.
 */
public final class CliEvents implements EventSink, AutoCloseable {
    /** rw-------, as an immutable set: {@code PosixFilePermissions.fromString} builds an EnumSet, read reflectively. */
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final String FD_OPTION = "--events-fd";
    private final PrintWriter err;
    private final Optional<OutputStream> stream;
    private boolean broken;
    private String runtime = "native";

    private CliEvents(PrintWriter err, Optional<OutputStream> stream) {
        this.err = err;
        this.stream = stream;
    }

    /**
     * Opens the stream the global options name, if any; a bad target is a usage error (exit 2).
     * {@code --events-fd} must name an fd {@code callerFds} holds open for writing.
     */
    public static CliEvents open(GlobalSettings globals, PrintWriter err, CallerFds callerFds) throws UsageException {
        Optional<String> file = globals.get(GlobalOption.EVENTS_JSONL);
        Optional<String> fd = globals.get(GlobalOption.EVENTS_FD);
        try {
            if (file.isPresent()) {
                Path path = Path.of(file.get());
                try {
                    Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (java.nio.file.FileAlreadyExistsException appendToIt) {
                    // another launch made it first (or it is there from before): append
                }
                return new CliEvents(err, Optional.of(Files.newOutputStream(path, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)));
            }
            if (fd.isPresent()) {
                Path path = callerFds.writable(FD_OPTION, CallerFds.number(FD_OPTION, fd.get()));
                return new CliEvents(err, Optional.of(Files.newOutputStream(path, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE)));
            }
        } catch (IOException | UnsupportedOperationException e) {
            String what = file.map(f -> "--events-jsonl " + f).orElse("--events-fd " + fd.orElse(""));
            throw new UsageException(what + ": cannot open for writing: " + e.getMessage());
        }
        return new CliEvents(err, Optional.empty());
    }

    /** Only with {@code --events-jsonl} or {@code --events-fd}: stderr shows warnings and denials alone. */
    @Override
    public boolean recordsEvents() {
        return stream.isPresent();
    }

    @Override
    public synchronized void emit(ContainerEvent event) {
        // instanceof, not a pattern switch: every start emits events (see StateRecorder)
        if (event instanceof ContainerEvent.Warning w) {
            err.println("nucleus: warning: " + w.message());
        } else if (event instanceof ContainerEvent.SeccompDenied d) {
            err.println("nucleus: seccomp denied " + d.record().action() + ": "
                    + d.syscallName().orElse("syscall " + d.record().syscall()) + " by pid " + d.record().pid()
                    + " (" + d.record().comm() + ")");
        } else if (event instanceof ContainerEvent.Started started) {
            runtime = started.runtime();
        } else if (event instanceof ContainerEvent.Summary summary && summary.stats().oomKilled()) {
            err.println(outOfMemory(summary, runtime));
        } else if (event instanceof ContainerEvent.HealthChanged h
                && h.status() == dev.nucleus.domain.event.HealthStatus.UNHEALTHY) {
            err.println("nucleus: container " + h.name() + " is unhealthy after " + h.failingStreak()
                    + " failed health checks; stopping it");
        }
        err.flush();
        if (stream.isEmpty() || broken) {
            return;
        }
        try {
            stream.get().write((EventJson.line(event, System.currentTimeMillis()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            stream.get().flush();
        } catch (IOException e) {
            broken = true; // a reader that went away must not stop the container
            err.println("nucleus: warning: the events stream failed, no more events are written: " + e.getMessage());
            err.flush();
        }
    }

    /**
     * What a run says when the kernel's OOM killer fired in its cgroup: its exit status alone (137,
     * or a workload that survived a killed child) did not say why.
     */
    static String outOfMemory(ContainerEvent.Summary summary, String runtime) {
        long kills = summary.stats().oomKills().orElse(0L);
        String limit = summary.limits().memory().isPresent()
                ? " at its --memory " + summary.limits().memory().get() + " limit" : "";
        return "nucleus: out of memory: the kernel's OOM killer killed " + (kills == 1 ? "a process" : kills + " processes")
                + " of container " + summary.name() + limit
                + ("gvisor".equals(runtime) ? " (gVisor's sandbox, its kernel included, counts against it)" : "");
    }

    @Override
    public synchronized void close() {
        if (stream.isPresent()) {
            try {
                stream.get().close();
            } catch (IOException e) {
                err.println("nucleus: warning: closing the events stream: " + e.getMessage());
            }
        }
    }
}
