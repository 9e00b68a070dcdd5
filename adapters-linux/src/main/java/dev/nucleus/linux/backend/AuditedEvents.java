package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.ports.out.EventSink;

/**
 * A launch's events as they are, which also go to its audit trail: seccomp denials as such,
 * warnings only to the events.
 */
record AuditedEvents(EventSink events, AuditTrail trail) implements EventSink {
    @Override
    public boolean recordsEvents() {
        return events.recordsEvents();
    }

    @Override
    public void emit(ContainerEvent event) {
        if (event instanceof ContainerEvent.SeccompDenied d) {
            trail.denied(d.record());
        } else if (!(event instanceof ContainerEvent.Warning)) {
            trail.observed(event);
        }
        events.emit(event);
    }
}
