package dev.nucleus.telemetry;

import dev.nucleus.ports.out.Telemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * A port span over an SDK span. A child names its parent through an explicit context built from
 * {@link Context#root()}, so nesting holds whichever thread creates the child and nothing is ever
 * made current.
 */
final class SdkSpan implements Telemetry.Span {
    private final Tracer tracer;
    private final io.opentelemetry.api.trace.Span span;

    private SdkSpan(Tracer tracer, io.opentelemetry.api.trace.Span span) {
        this.tracer = tracer;
        this.span = span;
    }

    static SdkSpan root(Tracer tracer, String name, Map<String, String> attributes) {
        SpanBuilder builder = tracer.spanBuilder(name).setNoParent();
        attributes.forEach(builder::setAttribute);
        return new SdkSpan(tracer, builder.startSpan());
    }

    @Override
    public Telemetry.Span child(String name) {
        return new SdkSpan(tracer, tracer.spanBuilder(name).setParent(Context.root().with(span)).startSpan());
    }

    @Override
    public void attribute(String key, String value) {
        span.setAttribute(key, value);
    }

    @Override
    public void attribute(String key, long value) {
        span.setAttribute(key, value);
    }

    @Override
    public void fail(String message) {
        span.setStatus(StatusCode.ERROR, message);
    }

    @Override
    public void close() {
        span.end();
    }
}
