package dev.nucleus.linux.sys;

import dev.nucleus.domain.rules.Invoker;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * This process's effective uid and gid, from {@code /proc/self/status} ({@link SmallFiles}): asking
 * the kernel natively would wait for the native library, which another thread is loading meanwhile.
 */
public final class SelfIds {
    private SelfIds() {
    }

    public static Invoker effective() {
        String status;
        try {
            status = SmallFiles.read("/proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
        return new Invoker(effective(status, "\nUid:"), effective(status, "\nGid:"));
    }

    /**
     * The second number of the line {@code key} begins ({@code Uid:\treal\teffective\tsaved\tfs}) in
     * a {@code /proc/<pid>/status} text; {@code key} starts with the line break before it.
     *
     * @throws IllegalStateException when there is no such line, or it has no second number
     */
    public static long effective(String status, String key) {
        int at = status.indexOf(key);
        if (at < 0) {
            throw new IllegalStateException("/proc/self/status has no " + key.strip() + " line");
        }
        int lineEnd = status.indexOf('\n', at + 1);
        lineEnd = lineEnd < 0 ? status.length() : lineEnd;
        int tab = status.indexOf('\t', skipBlanks(status, at + key.length()));
        int effective = tab < 0 || tab > lineEnd ? lineEnd : skipBlanks(status, tab);
        int end = effective;
        while (end < lineEnd && status.charAt(end) >= '0' && status.charAt(end) <= '9') {
            end++;
        }
        if (end == effective) {
            throw new IllegalStateException("/proc/self/status: its " + key.strip() + " line has no effective id");
        }
        return Long.parseLong(status, effective, end, 10);
    }

    private static int skipBlanks(String s, int from) {
        int i = from;
        while (i >= 0 && i < s.length() && (s.charAt(i) == '\t' || s.charAt(i) == ' ')) {
            i++;
        }
        return i;
    }
}
