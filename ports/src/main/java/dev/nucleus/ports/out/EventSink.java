package dev.nucleus.ports.out;

import dev.nucleus.domain.event.ContainerEvent;

/** Where a launch reports what happens: warnings, the start with its security status, denials, the end. */
public interface EventSink {
    /**
     * Nowhere: for commands that report nothing but need a sink. (A class, not a lambda: a lambda
     * in an interface's constant is spun at run time, outside the AOT cache.)
     */
    EventSink NONE = new EventSink() {
        @Override
        public void emit(ContainerEvent event) {
        }

        @Override
        public boolean recordsEvents() {
            return false;
        }
    };

    void emit(ContainerEvent event);

    /**
     * Whether the events go anywhere beyond warnings on a terminal (a JSON-lines stream, an
     * application's listener). When not, a launch skips gathering what only events carry, such
     * as the resource use in the summary.
     */
    default boolean recordsEvents() {
        return true;
    }

    default void warning(String message) {
        emit(new ContainerEvent.Warning(message));
    }
}
