package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import picocli.CommandLine.Option;

/**
 * The global options, accepted after a management command too ({@code nucleus ps --root DIR}).
 * They are validated exactly like the ones given before the command.
 */
public final class GlobalMixin {
    @Option(names = "--root", paramLabel = "DIR", description = "State directory (default /run/nucleus as root).")
    String root;

    @Option(names = "--log", paramLabel = "FILE", description = "Write Nucleus's own log to this file.")
    String log;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json.")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn (default), info, debug or trace.")
    String logLevel;

    // Setters for the commands whose specs are built programmatically (SpecBuilder).
    void root(String value) {
        root = value;
    }

    void log(String value) {
        log = value;
    }

    void logFormat(String value) {
        logFormat = value;
    }

    void logLevel(String value) {
        logLevel = value;
    }

    /**
     * The options given before the command plus these, validated the same way; one given in both
     * places is refused.
     */
    GlobalSettings settings(GlobalSettings before) throws UsageException {
        GlobalSettings s = before;
        if (root != null) {
            s = s.with(GlobalOption.ROOT, root);
        }
        if (log != null) {
            s = s.with(GlobalOption.LOG, log);
        }
        if (logFormat != null) {
            s = s.with(GlobalOption.LOG_FORMAT, logFormat);
        }
        if (logLevel != null) {
            s = s.with(GlobalOption.LOG_LEVEL, logLevel);
        }
        return s;
    }
}
