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
            for (String line : Files.readString(Path.of("/proc/self/status")).split("\n")) {
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

    /** "Uid:\treal\teffective\tsaved\tfs" — the second number (no regex: this runs on every start). */
    static long effective(String line) {
        String[] fields = line.substring(4).strip().split("\t");
        return Long.parseLong(fields[1].strip());
    }
}
