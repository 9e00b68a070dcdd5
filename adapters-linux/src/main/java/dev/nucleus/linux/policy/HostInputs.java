package dev.nucleus.linux.policy;

import dev.nucleus.domain.plan.MountTargets;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.PathPolicy;
import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.ProviderConfig;
import dev.nucleus.domain.spec.Secret;
import dev.nucleus.domain.spec.SystemdCredential;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.VolumeMount;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The host paths a request names, checked before anything is created (a request naming one that
 * is not so is invalid, exit 2, with every such input named; the launch leaves nothing behind):
 * <ul>
 *   <li>the rootfs, workspace and context are directories, the rootfs not the host's root or a
 *       system tree of it (/etc, /root, ...) once resolved;</li>
 *   <li>a volume's or provider config's source exists, and is not a protected host path once
 *       resolved (a symlink to /etc is /etc);</li>
 *   <li>a secret's source is a readable regular file; so is each systemd credential, directly in
 *       {@code $CREDENTIALS_DIRECTORY}; all together they fit the 16 MiB staged in memory;</li>
 *   <li>each mount fits where it goes ({@link MountTargets}): no file where a directory is made;</li>
 *   <li>no host tree is bound both read-only (where programs run) and writable ({@link SharedSources});</li>
 *   <li>a mount beneath a read-only one (a bind-mode rootfs's directories among them) has its mount
 *       point there already ({@link ReadOnlyParents});</li>
 *   <li>the pid file's directory exists;</li>
 *   <li>the console socket is a Unix socket.</li>
 * </ul>
 * The backends resolve the paths again when they use them (a path may still change meanwhile:
 * that is then a failure of the launch, or a refusal for a protected path).
 */
public final class HostInputs {
    private static final String PROTECTED = "a protected host path";
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private HostInputs() {
    }

    /** The paths, systemd credentials included, looked up in {@code credentialsDirectory} (null when unset). */
    public static void check(ContainerSpec spec, String credentialsDirectory) throws PolicyRejectedException {
        check(spec, credentialsDirectory == null || credentialsDirectory.isBlank() ? Optional.empty()
                : Optional.of(credentialsDirectory));
    }

    private static void check(ContainerSpec spec, Optional<String> credentialsDirectory)
            throws PolicyRejectedException {
        Filesystem fs = spec.request().filesystem();
        List<String> problems = new ArrayList<>();
        fs.rootfs().path().ifPresent(p -> {
            directory(problems, "--rootfs " + p, p);
            unprotected(problems, "--rootfs " + p, p, PathPolicy::deniedRootfs,
                    "the host's own system tree, never a container's root");
        });
        fs.workspace().ifPresent(w -> {
            directory(problems, "--workspace " + w.source(), w.source());
            unprotected(problems, "--workspace " + w.source(), w.source(), PathPolicy::deniedBindSource, PROTECTED);
        });
        fs.context().ifPresent(c -> {
            directory(problems, "--context " + c.source(), c.source());
            unprotected(problems, "--context " + c.source(), c.source(), PathPolicy::deniedBindSource, PROTECTED);
        });
        // Where a mount fits depends on whether its source is a file or a directory: asked once all are there.
        boolean sourcesThere = true;
        List<Boolean> volumeDirectories = new ArrayList<>();
        for (VolumeMount v : fs.volumes()) {
            if (!Files.exists(path(v.source()))) {
                problems.add("--volume " + v.source() + ":" + v.destination() + ": its source does not exist on the host");
                sourcesThere = false;
            }
            volumeDirectories.add(Files.isDirectory(path(v.source())));
            unprotected(problems, "--volume " + v.source(), v.source(), PathPolicy::deniedBindSource, PROTECTED);
        }
        List<Boolean> providerDirectories = new ArrayList<>();
        for (ProviderConfig c : fs.providerConfigs()) {
            String what = "--provider-config-" + (c.readOnly() ? "ro " : "rw ") + c.source();
            if (!Files.exists(path(c.source()))) {
                problems.add(what + ":" + c.destination() + ": its source does not exist on the host");
                sourcesThere = false;
            }
            providerDirectories.add(Files.isDirectory(path(c.source())));
            unprotected(problems, what, c.source(), PathPolicy::deniedProviderSource,
                    "which may not be bound (a whole home, / or a system path)");
        }
        for (Secret s : fs.secrets()) {
            Path source = path(s.source());
            if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
                problems.add("--secret " + s.destination() + ": its source is not a readable regular file on the host");
            } else {
                unprotected(problems, "--secret " + s.destination() + ": its source " + s.source(), s.source(),
                        PathPolicy::inKernelView, "a kernel view (/proc, /sys), not a file's contents");
            }
        }
        for (SystemdCredential c : fs.credentials()) {
            credential(problems, c, credentialsDirectory);
        }
        secretsFitInMemory(problems, fs, credentialsDirectory);
        if (sourcesThere) {
            problems.addAll(MountTargets.clashes(spec, volumeDirectories, providerDirectories));
        }
        if (!fs.volumes().isEmpty()) {
            problems.addAll(SharedSources.problems(fs));
        }
        if (sourcesThere && (!fs.volumes().isEmpty() || !fs.tmpfs().isEmpty() || !fs.secrets().isEmpty()
                || !fs.credentials().isEmpty() || !fs.providerConfigs().isEmpty()
                || !fs.home().path().equals(Filesystem.DEFAULT_HOME))) {
            problems.addAll(ReadOnlyParents.problems(fs, spec.request().runtime().kind()));
        }
        spec.request().lifecycle().pidFile().ifPresent(f -> {
            Path dir = path(f).toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                problems.add("--pid-file " + f + ": no such directory on the host to write it in (" + dir + ")");
            } else if (Files.isDirectory(path(f))) {
                problems.add("--pid-file " + f + ": is a directory; the pid is written to a regular file or a new one");
            } else if (dir != null && PathPolicy.inKernelView(realPath(dir))) {
                // the kernel's views take no file of ours: found now, not once the container is made
                problems.add("--pid-file " + f + ": " + dir + " is a kernel view (/proc, /sys), where no file can be"
                        + " written");
            }
        });
        spec.request().security().seccomp().traceLog().ifPresent(f -> {
            Path dir = path(f).toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                problems.add("--seccomp-log " + f + ": no such directory on the host to write it in (" + dir + ")");
            } else if (Files.isSymbolicLink(path(f)) || Files.isDirectory(path(f))) {
                // the log is never written through a link: found now, not after the workload ran
                problems.add("--seccomp-log " + f + ": is a " + (Files.isSymbolicLink(path(f)) ? "symlink" : "directory")
                        + "; the trace is written only to a regular file or a new one");
            }
        });
        spec.request().lifecycle().consoleSocket().ifPresent(s -> consoleSocket(problems, s));
        if (problems.size() == 1) {
            throw new PolicyRejectedException(problems.getFirst());
        }
        if (!problems.isEmpty()) {
            throw new PolicyRejectedException("refused (" + problems.size() + " problems):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private static void credential(List<String> problems, SystemdCredential c, Optional<String> directory) {
        String what = "--systemd-credential " + c.name();
        if (directory.isEmpty()) {
            problems.add(what + ": $CREDENTIALS_DIRECTORY is not set (run under a systemd unit with LoadCredential=)");
            return;
        }
        try {
            Path dir = Path.of(directory.get()).toRealPath();
            Path source = dir.resolve(c.name()).toRealPath();
            if (!dir.equals(source.getParent())) {
                problems.add(what + ": it escapes $CREDENTIALS_DIRECTORY");
            } else if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
                problems.add(what + ": not a readable regular file in $CREDENTIALS_DIRECTORY");
            }
        } catch (IOException | InvalidPathException e) {
            problems.add(what + ": no such credential in $CREDENTIALS_DIRECTORY");
        }
    }

    /**
     * The secrets and credentials are copied into memory (/dev/shm) for each container: all of
     * them together may hold {@link Secret#MAX_TOTAL_BYTES}, so a mistaken source (a disk image,
     * a log) cannot fill the host's shared memory. Sizes of sources named above as unreadable
     * count as nothing.
     */
    private static void secretsFitInMemory(List<String> problems, Filesystem fs, Optional<String> credentialsDirectory) {
        if (fs.secrets().isEmpty() && fs.credentials().isEmpty()) {
            return;
        }
        long total = 0;
        List<String> named = new ArrayList<>();
        for (Secret s : fs.secrets()) {
            total += size(path(s.source()));
            named.add("--secret " + s.destination());
        }
        for (SystemdCredential c : fs.credentials()) {
            if (credentialsDirectory.isPresent()) {
                total += size(Path.of(credentialsDirectory.get(), c.name()));
            }
            named.add("--systemd-credential " + c.name());
        }
        if (total > Secret.MAX_TOTAL_BYTES) {
            problems.add(String.join(", ", named) + ": " + total + " bytes in all, more than the "
                    + (Secret.MAX_TOTAL_BYTES >> 20) + " MiB a container's secrets may hold (they are staged in memory)");
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** {@code p} resolved, as far as it can be (a missing path as written, made absolute). */
    private static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }

    /**
     * A source the deny list lets through as written must pass it once resolved too: a symlink to
     * /etc is /etc. (The backends check again where they resolve it to mount it.)
     */
    private static void unprotected(List<String> problems, String what, HostPath p, Predicate<String> denied,
                                    String why) {
        try {
            String real = path(p).toRealPath().toString();
            if (denied.test(real)) {
                problems.add(what + " resolves to " + real + ", " + why);
            }
        } catch (IOException e) {
            // missing: named above
        }
    }

    /**
     * The caller listens there before the launch (OCI): a path with no socket is a wrong input,
     * refused here (2) rather than at connect(2), after the container was made (125).
     */
    private static void consoleSocket(List<String> problems, HostPath p) {
        String what = "--console-socket " + p;
        Path path = path(p);
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            if ((mode & S_IFMT) != S_IFSOCK) {
                problems.add(what + ": not a Unix socket (the console socket is one the caller listens on)");
            }
        } catch (IOException | UnsupportedOperationException e) {
            problems.add(what + ": no such socket on the host (the caller listens on it before the launch)");
        }
    }

    private static void directory(List<String> problems, String what, HostPath p) {
        Path path = path(p);
        if (!Files.exists(path)) {
            problems.add(what + ": no such directory on the host");
        } else if (!Files.isDirectory(path)) {
            problems.add(what + ": not a directory");
        }
    }

    private static Path path(HostPath p) {
        return Path.of(p.path());
    }
}
