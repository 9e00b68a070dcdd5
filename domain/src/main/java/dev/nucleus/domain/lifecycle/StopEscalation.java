package dev.nucleus.domain.lifecycle;

/**
 * What a foreground run passes on of the INT and TERM a user sends it: the first as it is, every
 * later one as KILL. A workload that is its pid namespace's first process and has no handler for
 * them never sees one (the kernel drops it), so `run -- sleep 1000` outlived every ^C; once the
 * first asked it to stop, the second makes sure it does. One per run, shared by its handlers.
 */
public final class StopEscalation {
    public static final int KILL = 9;
    private int stops;

    /** Whether the signal named {@code name} (as sun.misc.Signal names it) is one that escalates. */
    public static boolean escalates(String name) {
        return name.equals("INT") || name.equals("TERM");
    }

    /** The signal to send for one received: itself the first time, KILL after that. */
    public synchronized int toSend(int received) {
        return ++stops == 1 ? received : KILL;
    }

    /** What the run says when it kills the workload for a second {@code name}. */
    public static String killing(String name) {
        return "nucleus: a second SIG" + name + ": the workload is killed (SIGKILL)";
    }
}
