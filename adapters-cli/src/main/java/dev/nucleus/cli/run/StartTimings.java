package dev.nucleus.cli.run;

import dev.nucleus.cli.common.StartClock;
import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.ports.out.Telemetry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code --timings}: the phases of one launch, from the launcher's {@code exec} of the JVM to the
 * workload's teardown, printed to stderr once the launch is over. It records the same spans the
 * OTLP exporter gets (and forwards them to it), plus what comes before the launch: the JVM's
 * start-up (launcher {@code exec} to {@code main}) and the request's parsing and validation.
 */
final class StartTimings implements Telemetry {
    /** Epoch nanoseconds of the launcher's exec of the JVM (set by bin/nucleus only with --timings). */
    static final String EXEC_NANOS = "NUCLEUS_EXEC_NANOS";

    private final Telemetry inner;
    private final List<Phase> phases = new ArrayList<>();

    StartTimings(Telemetry inner) {
        this.inner = inner;
    }

    /** One recorded span; {@code end} is 0 while it is open. */
    private static final class Phase {
        final String name;
        final int depth;
        final long start = System.nanoTime();
        long end;

        Phase(String name, int depth) {
            this.name = name;
            this.depth = depth;
        }
    }

    @Override
    public Span start(String name, Map<String, String> attributes) {
        return new Timed(inner.start(name, attributes), "launch", 0);
    }

    @Override
    public void close() {
        inner.close();
    }

    private final class Timed implements Span {
        private final Span forward;
        private final Phase phase;

        Timed(Span forward, String name, int depth) {
            this.forward = forward;
            this.phase = new Phase(name, depth);
            synchronized (phases) {
                phases.add(phase);
            }
        }

        @Override
        public Span child(String name) {
            return new Timed(forward.child(name), name, phase.depth + 1);
        }

        @Override
        public void attribute(String key, String value) {
            forward.attribute(key, value);
        }

        @Override
        public void attribute(String key, long value) {
            forward.attribute(key, value);
        }

        @Override
        public void fail(String message) {
            forward.fail(message);
        }

        @Override
        public void close() {
            synchronized (phases) {
                if (phase.end == 0) {
                    phase.end = System.nanoTime();
                }
            }
            forward.close();
        }
    }

    /**
     * The report: one {@code timing NAME MS} line per phase (indented by nesting), so that both a
     * reader and {@code bench/phases.sh} can take it. {@code execEpochNanos} is the launcher's mark.
     */
    String report(OptionalLong execEpochNanos) {
        long now = System.nanoTime();
        long main = StartClock.mainNanos();
        List<String> lines = new ArrayList<>();
        lines.add("nucleus timings (ms):");
        if (execEpochNanos.isPresent()) {
            Instant wall = Instant.now();
            long nowEpoch = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
            long mainEpoch = nowEpoch - (System.nanoTime() - main);
            lines.add(line("jvm", 0, mainEpoch - execEpochNanos.getAsLong(), "launcher exec to main: JVM start-up"));
        }
        synchronized (phases) {
            if (!phases.isEmpty()) {
                lines.add(line("parse", 0, phases.getFirst().start - main, "main to a validated spec"));
            }
            for (Phase p : phases) {
                lines.add(line(p.name, p.depth, (p.end == 0 ? now : p.end) - p.start, ""));
            }
        }
        lines.add(line("total", 0, now - main, "main to this report"));
        return String.join("\n", lines) + "\n";
    }

    private static String line(String name, int depth, long nanos, String note) {
        String text = "timing " + padRight(name, 14 - 2 * depth) + " " + padLeft(millis(nanos), 8);
        return "  ".repeat(depth) + text + (note.isEmpty() ? "" : "   " + note);
    }

    // By hand, not String.format: the Formatter brings locale providers and resource bundles into
    // the AOT cache, and every start loads what the cache holds (JEP 483).

    /** {@code nanos} in milliseconds with two decimals, rounded half up, as {@code %.2f} prints it. */
    static String millis(long nanos) {
        long hundredths = Math.round(Math.abs(nanos) / 10_000.0);
        long fraction = hundredths % 100;
        return (nanos < 0 ? "-" : "") + hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** The launcher's exec mark, when it set one that parses. */
    static OptionalLong execMark(Map<String, String> env) {
        String v = env.get(EXEC_NANOS);
        if (v == null || !AsciiText.digits(v, 10, 20)) { // no regex: it would be this start's only one
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v));
    }
}
