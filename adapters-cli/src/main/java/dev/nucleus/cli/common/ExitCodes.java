package dev.nucleus.cli.common;

/** Exit statuses of {@code nucleus} (DESIGN.md): the workload's own, or one of these. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Invalid request or policy violation. */
    public static final int INVALID = 2;
    /** Nucleus itself failed (or the command's backend does not exist yet). */
    public static final int RUNTIME_FAILURE = 125;
    public static final int NOT_EXECUTABLE = 126;
    public static final int NOT_FOUND = 127;

    private ExitCodes() {
    }
}
