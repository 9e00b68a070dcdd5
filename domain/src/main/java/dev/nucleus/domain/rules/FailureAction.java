package dev.nucleus.domain.rules;

import dev.nucleus.domain.value.AsciiText;

/** What happens when an isolation layer cannot be set up: warn and go on, or stop (exit 125, clean up). */
public enum FailureAction {
    WARN, FATAL;

    @Override
    public String toString() {
        return AsciiText.lowerCase(name());
    }
}
