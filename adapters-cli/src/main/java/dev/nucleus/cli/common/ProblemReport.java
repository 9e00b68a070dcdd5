package dev.nucleus.cli.common;

import dev.nucleus.domain.launch.Problem;

import java.io.PrintWriter;
import java.util.List;

/** Prints every problem of a refused request and returns exit status 2. */
public final class ProblemReport {
    private ProblemReport() {
    }

    public static int print(PrintWriter err, String command, String headline, List<Problem> problems) {
        err.println("nucleus " + command + ": " + headline + " (" + problems.size()
                + (problems.size() == 1 ? " problem):" : " problems):"));
        for (Problem p : problems) {
            err.println("  - " + p);
        }
        err.flush();
        return ExitCodes.INVALID;
    }

    public static int usage(PrintWriter err, String command, String message) {
        String name = command.isEmpty() ? "nucleus" : "nucleus " + command;
        err.println(name + ": " + message);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.INVALID;
    }
}
