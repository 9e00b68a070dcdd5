package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.net.HostTools;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the container's uid and gid maps from the runtime side, while the container process waits
 * for GO. Root writes any map itself; an unprivileged caller writes its own ids alone (after
 * denying setgroups, as it must before a gid map), and any other map (its subordinate ids:
 * {@code --userns keep-id}, {@code auto}, {@code --uidmap}) through the setuid newuidmap(1) and
 * newgidmap(1), which check it against {@code /etc/subuid} and {@code /etc/subgid}.
 */
final class IdMaps {
    private IdMaps() {
    }

    static void write(long pid, UserNamespacePlan plan, long callerUid) throws LaunchFailedException {
        boolean callerIsRoot = callerUid == 0;
        if (!callerIsRoot && !ownIdsOnly(plan, callerUid)) {
            throughHelper("newuidmap", pid, plan.uidMap());
            throughHelper("newgidmap", pid, plan.gidMap());
            return;
        }
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (!callerIsRoot) {
                writeWhole(proc.resolve("setgroups"), "deny");
            }
            writeWhole(proc.resolve("uid_map"), lines(plan.uidMap()));
            writeWhole(proc.resolve("gid_map"), lines(plan.gidMap()));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot write the user namespace maps of pid " + pid + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * One write(2) of the whole text, natively: the kernel takes a map in a single write, and the
     * JDK's file channel costs a cold launch some tenths of a millisecond.
     */
    private static void writeWhole(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int written = NativeFiles.writeNoFollow(file, bytes);
        if (written != bytes.length) {
            throw new IOException(file + ": wrote " + written + " of " + bytes.length + " bytes");
        }
    }

    /** One id each way, the uid the caller's own: what the kernel lets an unprivileged caller write. */
    static boolean ownIdsOnly(UserNamespacePlan plan, long callerUid) {
        return plan.uidMap().size() == 1 && plan.gidMap().size() == 1 && plan.uidMap().getFirst().count() == 1
                && plan.gidMap().getFirst().count() == 1 && plan.uidMap().getFirst().hostId() == callerUid;
    }

    /** A map as /proc/PID/uid_map takes it: "inside outside count" lines. */
    static String lines(List<IdMapping> maps) {
        StringBuilder sb = new StringBuilder();
        maps.forEach(m -> sb.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.count())
                .append('\n'));
        return sb.toString();
    }

    /** {@code helper PID C H N [C H N...]}, a trusted host program ({@link HostTools}). */
    private static void throughHelper(String helper, long pid, List<IdMapping> maps) throws LaunchFailedException {
        List<String> args = new ArrayList<>(List.of(Long.toString(pid)));
        for (IdMapping m : maps) {
            args.addAll(List.of(Long.toString(m.containerId()), Long.toString(m.hostId()), Long.toString(m.count())));
        }
        HostTools.Result r = HostTools.exec(helper, args);
        if (r.exit() != 0) {
            String output = (r.err() + r.out()).strip();
            throw new LaunchFailedException("cannot write the user namespace maps of pid " + pid + ": " + helper
                    + " " + String.join(" ", args) + " exited " + r.exit() + (output.isEmpty() ? "" : ": " + output));
        }
    }
}
