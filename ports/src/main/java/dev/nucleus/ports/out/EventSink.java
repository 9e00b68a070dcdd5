package dev.nucleus.ports.out;

/** Where a launch reports what the user must know: warnings now, lifecycle events later. */
public interface EventSink {
    void warning(String message);
}
