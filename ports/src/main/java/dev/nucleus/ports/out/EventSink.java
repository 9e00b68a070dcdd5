package dev.nucleus.ports.out;

import dev.nucleus.domain.event.ContainerEvent;

/** Where a launch reports what happens: warnings, the start with its security status, denials, the end. */
public interface EventSink {
    void emit(ContainerEvent event);

    default void warning(String message) {
        emit(new ContainerEvent.Warning(message));
    }
}
