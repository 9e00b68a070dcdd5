package dev.nucleus.ports;

/**
 * A management command that cannot be done as asked (exit 2): no such container, not the
 * caller's, still running. The message names the container and the rule.
 */
public class ContainerCommandException extends Exception {
    public ContainerCommandException(String message) {
        super(message);
    }
}
