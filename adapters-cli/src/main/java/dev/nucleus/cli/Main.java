package dev.nucleus.cli;

import dev.nucleus.cli.common.StartClock;

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
        System.exit(status);
    }

    /** Runs one command and returns its exit status without exiting (AOT training, tests). */
    public static int run(String[] args) {
        return Dispatcher.standard().dispatch(args);
    }
}
