package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.spec.Identity;
import dev.nucleus.domain.spec.WorkloadIds;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Resolves --user, --group and --additional-group to numbers, using the passwd and group files
 * of the filesystem the workload will see (the rootfs's, or the host's for host binds). In a user
 * namespace, each id must be one its maps cover: the kernel refuses the rest only halfway through
 * the container's set-up, with EINVAL.
 */
final class IdentityResolver {
    private final Path etc;

    IdentityResolver(Path etc) {
        this.etc = etc;
    }

    /**
     * The workload's ids: --user and --group when given, else keep-id's (the caller's own ids),
     * else root; a name the root does not have, or an id the namespace's maps leave out, is an
     * invalid request (exit 2).
     */
    PlanInputs.Workload resolve(Identity identity, UserNamespacePlan userns) throws LaunchFailedException {
        Optional<UserNamespacePlan.KeptIds> kept = userns.keptIds();
        WorkloadIds ids;
        try {
            ids = WorkloadIds.resolve(identity, new RootAccounts(etc),
                    kept.map(UserNamespacePlan.KeptIds::uid).orElse(0L), kept.map(UserNamespacePlan.KeptIds::gid).orElse(0L));
        } catch (InvalidValueException e) {
            throw new PolicyRejectedException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new LaunchFailedException("cannot read " + e.getMessage(), e.getCause());
        }
        if (userns.enabled()) {
            outsideMaps(ids.uid(), userns.uidMap(), "uid", "--uidmap");
            outsideMaps(ids.gid(), userns.gidMap(), "gid", "--gidmap");
            for (long gid : ids.additional()) {
                outsideMaps(gid, userns.gidMap(), "gid", "--gidmap");
            }
            // A group the user is only listed in is left out, as a group the namespace cannot hold.
            ids = ids.keepingMemberships(gid -> Lists.anyMatch(userns.gidMap(), m -> m.coversContainerId(gid)));
        }
        return new PlanInputs.Workload(ids.uid(), ids.gid(), ids.groups());
    }

    private static void outsideMaps(long id, List<IdMapping> maps, String kind, String flag)
            throws PolicyRejectedException {
        if (!Lists.anyMatch(maps, m -> m.coversContainerId(id))) {
            throw new PolicyRejectedException("the workload's " + kind + " " + id + " is outside the user namespace's "
                    + kind + " map (" + maps.stream().map(IdMapping::toString).toList() + "): choose --user/--group/"
                    + "--additional-group inside it, or widen it with " + flag);
        }
    }

    /** The root's account files, read only when a name needs looking up. */
    private record RootAccounts(Path etc) implements WorkloadIds.AccountTexts {
        @Override
        public Optional<String> passwd() {
            return read("passwd");
        }

        @Override
        public Optional<String> group() {
            return read("group");
        }

        private Optional<String> read(String file) {
            Path path = etc.resolve(file);
            try {
                return Optional.of(Files.readString(path));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(path + ": " + e.getMessage(), e);
            }
        }
    }
}
