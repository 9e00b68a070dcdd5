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

    /** The second number of the line {@code key} begins ({@code Uid:\treal\teffective\tsaved\tfs}). */
    static long effective(String status, String key) {
        int at = status.indexOf(key);
        if (at < 0) {
            throw new IllegalStateException("/proc/self/status has no " + key.strip() + " line");
        }
        int real = skipBlanks(status, at + key.length());
        int effective = skipBlanks(status, status.indexOf('\t', real));
        int end = effective;
        while (end < status.length() && status.charAt(end) >= '0' && status.charAt(end) <= '9') {
            end++;
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
