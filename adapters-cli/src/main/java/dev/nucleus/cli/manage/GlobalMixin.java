package dev.nucleus.cli.manage;

import picocli.CommandLine.Option;

/**
 * The global options, accepted after a management command too ({@code nucleus ps --root DIR}).
 * Their values are validated by the dispatcher's {@code GlobalSettings} when given first.
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
}
