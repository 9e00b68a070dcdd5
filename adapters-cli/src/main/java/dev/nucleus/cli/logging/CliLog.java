package dev.nucleus.cli.logging;

import dev.nucleus.cli.common.GlobalSettings;

import java.util.function.Supplier;

/**
 * Nucleus's own log. Messages below the configured level cost one comparison: SLF4J and logback
 * are loaded only when something is actually logged, which keeps them off the hot path.
 */
public final class CliLog {
    private CliLog() {
    }

    /** Applies {@code --log}, {@code --log-format} and {@code --log-level}; call before logging. */
    public static void configure(GlobalSettings globals) {
        LogSettings.install(LogSettings.from(globals));
    }

    public static void info(String logger, Supplier<String> message) {
        if (LogSettings.current().enables(LogSettings.Level.INFO)) {
            org.slf4j.LoggerFactory.getLogger(logger).info(message.get());
        }
    }

    public static void debug(String logger, Supplier<String> message) {
        if (LogSettings.current().enables(LogSettings.Level.DEBUG)) {
            org.slf4j.LoggerFactory.getLogger(logger).debug(message.get());
        }
    }

    public static void warn(String logger, Supplier<String> message) {
        if (LogSettings.current().enables(LogSettings.Level.WARN)) {
            org.slf4j.LoggerFactory.getLogger(logger).warn(message.get());
        }
    }
}
