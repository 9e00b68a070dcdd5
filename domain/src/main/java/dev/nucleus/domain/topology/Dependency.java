package dev.nucleus.domain.topology;

import dev.nucleus.domain.value.AsciiText;

/** A service waits for another to have started, or to report healthy, before it starts. */
public record Dependency(String service, Condition condition) {
    public enum Condition {
        STARTED, HEALTHY;

        public String cliName() {
            return AsciiText.lowerCase(name());
        }
    }
}
