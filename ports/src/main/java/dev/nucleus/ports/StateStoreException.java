package dev.nucleus.ports;

/** The state store could not be read or written; the message names the container and the file. */
public class StateStoreException extends Exception {
    public StateStoreException(String message) {
        super(message);
    }

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
