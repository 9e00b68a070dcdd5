package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the container's uid and gid maps from the runtime side, while the container process waits
 * for GO. An unprivileged caller must deny setgroups before it may write a gid map.
 */
final class IdMaps {
    private IdMaps() {
    }

    static void write(long pid, UserNamespacePlan plan, boolean callerIsRoot) throws LaunchFailedException {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (!callerIsRoot) {
                Files.writeString(proc.resolve("setgroups"), "deny");
            }
            Files.writeString(proc.resolve("uid_map"), lines(plan.uidMap()));
            Files.writeString(proc.resolve("gid_map"), lines(plan.gidMap()));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot write the user namespace maps of pid " + pid + ": " + e.getMessage(), e);
        }
    }

    private static String lines(List<IdMapping> maps) {
        StringBuilder sb = new StringBuilder();
        maps.forEach(m -> sb.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.count())
                .append('\n'));
        return sb.toString();
    }
}
