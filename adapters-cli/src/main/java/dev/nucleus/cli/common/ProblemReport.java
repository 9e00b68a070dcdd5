package dev.nucleus.cli.common;

import dev.nucleus.domain.launch.Problem;

import java.io.PrintWriter;
import java.util.List;

/** Prints every problem of a refused request and returns exit status 2. */
public final class ProblemReport {
    private ProblemReport() {
    }

    public static int print(PrintWriter err, String command, String headline, List<Problem> problems) {
        err.print("nucleus " + command + ": " + text(headline, problems));
        err.flush();
        return ExitCodes.INVALID;
    }

    /** The report's lines, as print writes them after the command's name (each ended by a newline). */
    public static String text(String headline, List<Problem> problems) {
        StringBuilder b = new StringBuilder(headline).append(" (").append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):").append(System.lineSeparator());
        for (Problem p : problems) {
            b.append("  - ").append(p).append(System.lineSeparator());
        }
        return b.toString();
    }

    public static int usage(PrintWriter err, String command, String message) {
        String name = command.isEmpty() ? "nucleus" : "nucleus " + command;
        err.println(name + ": " + message);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.INVALID;
    }
}
