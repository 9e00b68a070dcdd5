package dev.nucleus.cli;

import dev.nucleus.cli.common.PicocliStartup;
import dev.nucleus.cli.common.StartClock;
import dev.nucleus.linux.sys.ProcessExit;

/**
 * Entry point of {@code nucleus}. Dispatches on the first argument itself so that a command
 * pays only for its own parser (picocli builds every subcommand's spec eagerly otherwise).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        StartClock.mainEntered();
        int status = run(args);
        System.out.flush();
        System.err.flush();
        // Not System.exit: it asks System.getLogger for its "Runtime.exit" log line, and finding
        // the logging backend scans every jar on the class path for a service file (some 9 ms at
        // each exit). Nothing here needs shutdown hooks: the one a gVisor launch registers while
        // runsc runs is removed (or run) before the launch returns, and log appenders flush per
        // line. A launch ends without even halt's exit sequence (ProcessExit).
        ProcessExit.now(status);
    }

    /** Runs one command and returns its exit status without exiting (AOT training, tests). */
    public static int run(String[] args) {
        PicocliStartup.configure();
        return Dispatcher.standard().dispatch(args);
    }
}
