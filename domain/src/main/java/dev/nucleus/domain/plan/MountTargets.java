package dev.nucleus.domain.plan;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.value.ContainerPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the container's layout and a request's mounts put a directory or a file, and where they
 * clash: a file mounted where a directory is made (/tmp, the home, another mount), anything
 * mounted beneath a file, two of the request's mounts at one destination (the second would hide
 * the first), or a mount beneath a directory mounted after it (which would hide it). Each clash
 * would otherwise fail inside the container as EEXIST or ENOTDIR, or hide a
 * mount silently; asked before anything is created, it is an invalid request.
 */
public final class MountTargets {
    /** Where the layout mounts the container's /tmp (FilesystemSteps). */
    static final String TMP = "/tmp";
    static final String WORKSPACE = "/workspace";
    static final String CONTEXT = "/context";

    /** One mount point: its path, whether it is a directory, what makes it, and whether the request asked for it. */
    private record Target(ContainerPath path, boolean directory, String by, boolean requested) {
    }

    private MountTargets() {
    }

    /**
     * The clashes, each named with the flags involved.
     *
     * @param volumeDirectories   for each {@code --volume} in order, whether its host source is a directory
     * @param providerDirectories for each provider config in order, whether its host source is a directory
     */
    public static List<String> clashes(ContainerSpec spec, List<Boolean> volumeDirectories,
                                       List<Boolean> providerDirectories) {
        Filesystem fs = spec.request().filesystem();
        if (fs.workspace().isEmpty() && fs.context().isEmpty() && fs.providerConfigs().isEmpty() && fs.secrets().isEmpty()
                && fs.credentials().isEmpty() && fs.volumes().isEmpty() && fs.tmpfs().isEmpty()) {
            return List.of(); // the layout's own mounts fit (and the launch path stays free of this class's work)
        }
        List<Target> targets = targets(fs, volumeDirectories, providerDirectories);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            for (int j = i + 1; j < targets.size(); j++) {
                Target earlier = targets.get(i);
                Target later = targets.get(j);
                if (earlier.path().equals(later.path())) {
                    samePlace(earlier, later).ifPresent(out::add);
                } else {
                    beneathAFile(earlier, later).ifPresent(out::add);
                    beneathAFile(later, earlier).ifPresent(out::add);
                    hiddenBeneath(earlier, later).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** The mount points in the order FilesystemSteps mounts them: a later one can hide an earlier one. */
    private static List<Target> targets(Filesystem fs, List<Boolean> volumeDirectories,
                                        List<Boolean> providerDirectories) {
        List<Target> t = new ArrayList<>();
        t.add(new Target(new ContainerPath(TMP), true, "the container's " + TMP, false));
        t.add(new Target(fs.home(), true, "the home", false));
        for (int i = 0; i < fs.providerConfigs().size(); i++) {
            var p = fs.providerConfigs().get(i);
            t.add(new Target(p.destination(), providerDirectories.get(i),
                    "--provider-config-" + (p.readOnly() ? "ro " : "rw ") + p.source(), true));
        }
        fs.context().ifPresent(c -> t.add(new Target(new ContainerPath(CONTEXT), true, "--context", true)));
        fs.secrets().forEach(s -> t.add(new Target(s.destination(), false, "--secret " + s.destination(), true)));
        fs.credentials().forEach(c -> t.add(new Target(c.destination(), false, "--systemd-credential " + c.name(),
                true)));
        fs.workspace().ifPresent(w -> t.add(new Target(new ContainerPath(WORKSPACE), true, "--workspace", true)));
        for (int i = 0; i < fs.volumes().size(); i++) {
            var v = fs.volumes().get(i);
            t.add(new Target(v.destination(), volumeDirectories.get(i), "--volume " + v.source() + ":"
                    + v.destination(), true));
        }
        fs.tmpfs().forEach(m -> t.add(new Target(m.destination(), true, "--tmpfs " + m.destination(), true)));
        return t;
    }

    /**
     * A directory mounted over an earlier mount's parent: the earlier one is there, but hidden
     * beneath it (a secret in /data under a volume at /data, a volume at /data/sub given before
     * one at /data).
     */
    private static Optional<String> hiddenBeneath(Target earlier, Target later) {
        if (!later.directory() || !later.path().contains(earlier.path())) {
            return Optional.empty();
        }
        String hidden = earlier.by() + ": " + earlier.path() + " would be hidden by " + later.by() + ", mounted over "
                + later.path() + " after it";
        // two volumes, or two tmpfs mounts, go in the order given: the way out is the other order
        return Optional.of(flag(earlier).equals(flag(later)) ? hidden + "; give it after " + later.by() : hidden);
    }

    private static String flag(Target t) {
        int space = t.by().indexOf(' ');
        return t.requested() && space > 0 ? t.by().substring(0, space) : t.by();
    }

    /** A later mount at an earlier one's destination: only a directory over a directory of the layout's own. */
    private static Optional<String> samePlace(Target earlier, Target later) {
        if (earlier.requested()) {
            return Optional.of(later.by() + ": " + later.path() + " is already the destination of " + earlier.by()
                    + ", which it would hide");
        }
        if (!later.directory()) {
            return Optional.of(later.by() + ": a file cannot be mounted at " + later.path() + ", where "
                    + earlier.by() + " is a directory");
        }
        return Optional.empty(); // a directory volume over /tmp or the home replaces it
    }

    private static Optional<String> beneathAFile(Target file, Target other) {
        if (file.directory() || !file.path().contains(other.path())) {
            return Optional.empty();
        }
        return Optional.of(other.by() + ": nothing can be mounted beneath " + file.path() + ", a file that "
                + file.by() + " mounts");
    }
}
