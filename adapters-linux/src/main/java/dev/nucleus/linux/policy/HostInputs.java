package dev.nucleus.linux.policy;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.ProviderConfig;
import dev.nucleus.domain.spec.Secret;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.VolumeMount;
import dev.nucleus.ports.PolicyRejectedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The host paths a request names, checked before anything is created: the rootfs, workspace and
 * context must be directories, a volume's or provider config's source must exist, a secret's
 * source must be a readable regular file, the pid file's directory must exist. A request naming one that is not so is invalid (exit 2), with every such
 * input named; the launch leaves nothing behind. The backends resolve the paths again when they
 * use them (a path may still change meanwhile: that is then a failure of the launch).
 */
public final class HostInputs {
    private HostInputs() {
    }

    public static void check(ContainerSpec spec) throws PolicyRejectedException {
        Filesystem fs = spec.request().filesystem();
        List<String> problems = new ArrayList<>();
        fs.rootfs().path().ifPresent(p -> directory(problems, "--rootfs " + p, p));
        fs.workspace().ifPresent(w -> directory(problems, "--workspace " + w.source(), w.source()));
        fs.context().ifPresent(c -> directory(problems, "--context " + c.source(), c.source()));
        for (VolumeMount v : fs.volumes()) {
            if (!Files.exists(path(v.source()))) {
                problems.add("--volume " + v.source() + ":" + v.destination() + ": its source does not exist on the host");
            }
        }
        for (ProviderConfig c : fs.providerConfigs()) {
            if (!Files.exists(path(c.source()))) {
                problems.add("--provider-config-" + (c.readOnly() ? "ro " : "rw ") + c.source() + ":" + c.destination()
                        + ": its source does not exist on the host");
            }
        }
        for (Secret s : fs.secrets()) {
            Path source = path(s.source());
            if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
                problems.add("--secret " + s.destination() + ": its source is not a readable regular file on the host");
            }
        }
        spec.request().lifecycle().pidFile().ifPresent(f -> {
            Path dir = path(f).toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                problems.add("--pid-file " + f + ": no such directory on the host to write it in (" + dir + ")");
            }
        });
        if (problems.size() == 1) {
            throw new PolicyRejectedException(problems.getFirst());
        }
        if (!problems.isEmpty()) {
            throw new PolicyRejectedException("refused (" + problems.size() + " problems):\n  - "
                    + String.join("\n  - ", problems));
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
