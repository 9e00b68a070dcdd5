package dev.nucleus.cli;

import java.io.PrintStream;

/** Placeholder dispatcher: replaced by the full command surface. */
final class Dispatcher {
    private final PrintStream out;
    private final PrintStream err;

    Dispatcher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static Dispatcher standard() {
        return new Dispatcher(System.out, System.err);
    }

    int dispatch(String[] args) {
        if (args.length > 0 && (args[0].equals("--version") || args[0].equals("version"))) {
            out.println("nucleus " + Version.current());
            return 0;
        }
        err.println("usage: nucleus COMMAND");
        return 2;
    }
}
