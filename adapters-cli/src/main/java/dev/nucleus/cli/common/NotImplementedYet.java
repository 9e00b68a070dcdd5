package dev.nucleus.cli.common;

import java.io.PrintWriter;

/**
 * The one placeholder allowed: a command whose backend arrives in a later issue says so and exits
 * 125. Its arguments are still parsed and validated first, so bad input still exits 2.
 */
public final class NotImplementedYet {
    private NotImplementedYet() {
    }

    public static int report(PrintWriter err, String what) {
        err.println("nucleus: not implemented yet: " + what);
        err.flush();
        return ExitCodes.RUNTIME_FAILURE;
    }
}
