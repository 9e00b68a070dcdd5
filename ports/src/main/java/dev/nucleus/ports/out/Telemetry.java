package dev.nucleus.ports.out;

import java.util.Map;

/**
 * Lifecycle spans (create, the setup steps, run, stop) for an operator's tracing backend. Spans
 * nest explicitly: a root from {@link #start}, children from {@link Span#child}. {@link #NONE}
 * when no exporter is configured, so the launch path pays nothing.
 */
public interface Telemetry extends AutoCloseable {
    /** No exporter. A class, as {@link EventSink#NONE} says why. */
    Telemetry NONE = new Telemetry() {
        @Override
        public Span start(String name, Map<String, String> attributes) {
            return Span.NONE;
        }
    };

    /** A root span, open until closed. Attribute values are never secrets (no env, no argv beyond the program). */
    Span start(String name, Map<String, String> attributes);

    /** Sends what is pending and releases the exporter; a failure to export is never the launch's failure. */
    @Override
    default void close() {
    }

    /** One timed step; closing it ends it. */
    interface Span extends AutoCloseable {
        Span NONE = new Span() {
        };

        default Span child(String name) {
            return NONE;
        }

        default void attribute(String key, String value) {
        }

        default void attribute(String key, long value) {
        }

        /** Marks the span failed with a message (which must not contain secrets). */
        default void fail(String message) {
        }

        @Override
        default void close() {
        }
    }
}
