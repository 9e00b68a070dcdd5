package dev.nucleus.cli.run;

import dev.nucleus.domain.rules.Invoker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective uid and gid of this process, from {@code /proc/self/status}. */
public final class CallerIdentity {
    private CallerIdentity() {
    }

    public static Invoker current() {
        try {
            long uid = -1;
            long gid = -1;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    uid = effective(line);
                } else if (line.startsWith("Gid:")) {
                    gid = effective(line);
                }
            }
            if (uid < 0 || gid < 0) {
                throw new IllegalStateException("/proc/self/status has no Uid/Gid lines");
            }
            return new Invoker(uid, gid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }

    /** "Uid:\treal\teffective\tsaved\tfs" — the second number. */
    private static long effective(String line) {
        return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
    }
}
