package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes the container's uid and gid maps from the runtime side, while the container process waits
 * for GO. Root writes any map itself; an unprivileged caller writes its own ids alone (after
 * denying setgroups, as it must before a gid map), and any other map (its subordinate ids:
 * {@code --userns keep-id}, {@code auto}, {@code --uidmap}) through the setuid newuidmap(1) and
 * newgidmap(1), which check it against {@code /etc/subuid} and {@code /etc/subgid}.
 */
final class IdMaps {
    static final List<Path> HELPER_DIRECTORIES = List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/bin"),
            Path.of("/sbin"));
    private static final long HELPER_TIMEOUT_SECONDS = 10;

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
                Files.writeString(proc.resolve("setgroups"), "deny");
            }
            Files.writeString(proc.resolve("uid_map"), lines(plan.uidMap()));
            Files.writeString(proc.resolve("gid_map"), lines(plan.gidMap()));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot write the user namespace maps of pid " + pid + ": "
                    + e.getMessage(), e);
        }
    }

    /** One id each way, the uid the caller's own: what the kernel lets an unprivileged caller write. */
    static boolean ownIdsOnly(UserNamespacePlan plan, long callerUid) {
        return plan.uidMap().size() == 1 && plan.gidMap().size() == 1 && plan.uidMap().getFirst().count() == 1
                && plan.gidMap().getFirst().count() == 1 && plan.uidMap().getFirst().hostId() == callerUid;
    }

    private static String lines(List<IdMapping> maps) {
        StringBuilder sb = new StringBuilder();
        maps.forEach(m -> sb.append(m.containerId()).append(' ').append(m.hostId()).append(' ').append(m.count())
                .append('\n'));
        return sb.toString();
    }

    /** {@code helper PID C H N [C H N...]}, from a trusted directory, with a clean environment. */
    private static void throughHelper(String helper, long pid, List<IdMapping> maps) throws LaunchFailedException {
        Path program = trusted(helper).orElseThrow(() -> new LaunchFailedException(helper + " not found in "
                + HELPER_DIRECTORIES + " (owned by root, writable by no one else): install the uidmap package;"
                + " without it only root, or a map of the caller's own ids, can be written"));
        List<String> argv = new ArrayList<>(List.of(program.toString(), Long.toString(pid)));
        for (IdMapping m : maps) {
            argv.addAll(List.of(Long.toString(m.containerId()), Long.toString(m.hostId()), Long.toString(m.count())));
        }
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().clear();
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LaunchFailedException(helper + " " + pid + " did not finish in " + HELPER_TIMEOUT_SECONDS
                        + " s");
            }
            if (p.exitValue() != 0) {
                throw new LaunchFailedException("cannot write the user namespace maps of pid " + pid + ": " + helper
                        + " " + String.join(" ", argv.subList(1, argv.size())) + " exited " + p.exitValue()
                        + (output.isEmpty() ? "" : ": " + output));
            }
        } catch (IOException e) {
            throw new LaunchFailedException("cannot run " + program + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while " + helper + " wrote the maps of pid " + pid, e);
        }
    }

    /** The helper in a trusted directory: a regular file owned by root that no one else may write. */
    static Optional<Path> trusted(String helper) {
        for (Path dir : HELPER_DIRECTORIES) {
            Path candidate = dir.resolve(helper);
            try {
                Path real = candidate.toRealPath();
                if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
                        || ((Number) Files.getAttribute(real, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue()
                        != 0) {
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(real, LinkOption.NOFOLLOW_LINKS);
                if (!perms.contains(PosixFilePermission.GROUP_WRITE)
                        && !perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                    return Optional.of(real);
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not there, or not a file we can vouch for: the next directory
            }
        }
        return Optional.empty();
    }
}
