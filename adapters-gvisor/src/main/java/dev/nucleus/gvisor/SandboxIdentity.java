package dev.nucleus.gvisor;

import dev.nucleus.domain.spec.Identity;
import dev.nucleus.domain.spec.WorkloadIds;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The sandbox process's ids: --user, --group and --additional-group as numbers, names looked up in
 * the passwd and group files of the root the workload sees ({@code etc}: the rootfs's, or the
 * host's for the host view), as the native backend does ({@link WorkloadIds}).
 */
final class SandboxIdentity {
    private SandboxIdentity() {
    }

    /** The ids; a name the root does not have is an invalid request (exit 2). */
    static WorkloadIds resolve(Identity identity, Path etc) throws LaunchFailedException {
        String passwd = read(etc.resolve("passwd"));
        String group = read(etc.resolve("group"));
        try {
            return WorkloadIds.resolve(identity, WorkloadIds.AccountTexts.of(passwd, group), 0, 0);
        } catch (InvalidValueException e) {
            throw new PolicyRejectedException(e.getMessage());
        }
    }

    /** The file's text; null where the root has none. */
    private static String read(Path file) throws LaunchFailedException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
