package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.spec.Filesystem;
import dev.nucleus.domain.spec.Secret;
import dev.nucleus.domain.spec.SystemdCredential;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stages --secret and --systemd-credential files in memory ({@link SecretStaging}): mode 0400, owned by the host ids the workload's ids map to, source bytes zeroed
 * once written. The plan binds each read-only at its destination beside an in-memory /run/secrets.
 */
final class SecretStager {
    private SecretStager() {
    }

    static List<PlanInputs.SecretFile> stage(Filesystem fs, Path staging, PlanInputs.Workload who,
                                             UserNamespacePlan userns, String credentialsDirectory)
            throws LaunchFailedException {
        List<PlanInputs.SecretFile> out = new ArrayList<>();
        if (fs.secrets().isEmpty() && fs.credentials().isEmpty()) {
            return out;
        }
        try {
            SecretStaging.requireMemory(staging);
            // 0700, the host's id of the container's root: whoever binds the files (the shim as root,
            // or as the container's root in its user namespace) passes; no host account with the
            // workload's uid does (0711 let one read the files by their predictable names). The
            // workload opens its files at their destinations, never through this directory.
            // Made new, never taken over: one that exists is refused (FileAlreadyExistsException).
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwx------")); // past the umask
            if (userns.enabled()) {
                chown(staging, hostId(0, userns.uidMap(), true), hostId(0, userns.gidMap(), true));
            }
            int n = 0;
            long[] left = {Secret.MAX_TOTAL_BYTES}; // checked up front (HostInputs); a file may grow meanwhile
            for (Secret s : fs.secrets()) {
                out.add(stageOne(Path.of(s.source().path()), "--secret " + s.destination(), staging.resolve("s" + n++),
                        s.destination().path(), who, userns, left));
            }
            for (SystemdCredential c : fs.credentials()) {
                if (credentialsDirectory == null || credentialsDirectory.isBlank()) {
                    throw new LaunchFailedException("--systemd-credential " + c.name()
                            + ": $CREDENTIALS_DIRECTORY is not set (run under a systemd unit with LoadCredential=)");
                }
                Path dir = Path.of(credentialsDirectory).toRealPath();
                Path source = dir.resolve(c.name()).toRealPath();
                if (!source.getParent().equals(dir)) {
                    throw new LaunchFailedException("--systemd-credential " + c.name() + " escapes $CREDENTIALS_DIRECTORY");
                }
                out.add(stageOne(source, "--systemd-credential " + c.name(), staging.resolve("s" + n++),
                        c.destination().path(), who, userns, left));
            }
            return out;
        } catch (IOException e) {
            throw new LaunchFailedException("cannot stage secrets: " + e.getMessage(), e);
        }
    }

    private static PlanInputs.SecretFile stageOne(Path source, String what, Path staged, String destination,
                                                  PlanInputs.Workload who, UserNamespacePlan userns, long[] left)
            throws IOException, LaunchFailedException {
        if (!Files.isRegularFile(source)) {
            throw new LaunchFailedException(what + ": the source is not a readable regular file");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(source)) {
            content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, left[0] + 1));
        }
        left[0] -= content.length;
        if (left[0] < 0) {
            Arrays.fill(content, (byte) 0);
            throw new LaunchFailedException(what + ": the secrets grew past the " + (Secret.MAX_TOTAL_BYTES >> 20)
                    + " MiB a container's secrets may hold while they were staged");
        }
        try {
            Files.write(staged, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("r--------"));
        chown(staged, hostId(who.uid(), userns.uidMap(), userns.enabled()), hostId(who.gid(), userns.gidMap(),
                userns.enabled()));
        return new PlanInputs.SecretFile(staged.toString(), destination);
    }

    /** The host id a container id maps to (itself without a user namespace). */
    static long hostId(long containerId, List<IdMapping> map, boolean userns) throws LaunchFailedException {
        if (!userns) {
            return containerId;
        }
        for (IdMapping m : map) {
            if (m.coversContainerId(containerId)) {
                return m.hostId() + (containerId - m.containerId());
            }
        }
        throw new LaunchFailedException("id " + containerId + " is not mapped in the user namespace");
    }

    private static void chown(Path file, long uid, long gid) throws IOException {
        UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.setOwner(lookup.lookupPrincipalByName(Long.toString(uid)));
        view.setGroup(lookup.lookupPrincipalByGroupName(Long.toString(gid)));
    }
}
