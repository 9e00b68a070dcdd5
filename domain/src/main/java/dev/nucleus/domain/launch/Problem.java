package dev.nucleus.domain.launch;

/** One thing wrong with a request: what it concerns (a flag, a key) and what is wrong. */
public record Problem(String subject, String message) {
    @Override
    public String toString() {
        return subject + ": " + message;
    }
}
