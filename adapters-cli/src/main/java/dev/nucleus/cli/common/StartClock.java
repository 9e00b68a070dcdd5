package dev.nucleus.cli.common;

/**
 * When {@code main} was entered, for {@code --timings}: the JVM's own start-up is the time from
 * the launcher's {@code exec} (which it passes in {@code NUCLEUS_EXEC_NANOS}, epoch nanoseconds,
 * only when {@code --timings} is on the command line) to this mark.
 */
public final class StartClock {
    private static long mainNanos = System.nanoTime();

    private StartClock() {
    }

    /** Called first thing in {@code main}. */
    public static void mainEntered() {
        mainNanos = System.nanoTime();
    }

    /** {@link System#nanoTime()} at {@code main}. */
    public static long mainNanos() {
        return mainNanos;
    }
}
