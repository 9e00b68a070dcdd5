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
    // One text per option, for these annotations and for SpecBuilder's programmatic models.
    static final String ROOT_HELP = "State directory (default /run/nucleus as root).";
    static final String LOG_HELP = "Write Nucleus's own log to this file.";
    static final String LOG_FORMAT_HELP = "text (default) or json.";
    static final String LOG_LEVEL_HELP = "error, warn (default), info, debug or trace.";

    @Option(names = "--root", paramLabel = "DIR", description = ROOT_HELP)
    String root;

    @Option(names = "--log", paramLabel = "FILE", description = LOG_HELP)
    String log;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = LOG_FORMAT_HELP)
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = LOG_LEVEL_HELP)
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
