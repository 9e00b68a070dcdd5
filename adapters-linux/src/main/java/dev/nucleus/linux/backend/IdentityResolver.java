package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.spec.AccountFiles;
import dev.nucleus.domain.spec.Identity;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves --user, --group and --additional-group to numbers, using the passwd and group files
 * of the filesystem the workload will see (the rootfs's, or the host's for host binds).
 */
final class IdentityResolver {
    private final Path etc;

    IdentityResolver(Path etc) {
        this.etc = etc;
    }

    /** As {@link #resolve(Identity, Optional)} with root as the default user. */
    PlanInputs.Workload resolve(Identity identity) throws LaunchFailedException {
        return resolve(identity, Optional.empty());
    }

    /**
     * The workload's ids: --user and --group when given, else {@code kept} (keep-id: the caller's
     * own ids), else root.
     */
    PlanInputs.Workload resolve(Identity identity, Optional<UserNamespacePlan.KeptIds> kept)
            throws LaunchFailedException {
        long uid = kept.map(UserNamespacePlan.KeptIds::uid).orElse(0L);
        Long primaryGid = kept.map(UserNamespacePlan.KeptIds::gid).orElse(0L);
        if (identity.user().isPresent()) {
            String user = identity.user().get();
            if (Identity.isNumeric(user)) {
                uid = Long.parseLong(user);
                primaryGid = null;
            } else {
                AccountFiles.Account account = AccountFiles.user(read("passwd"), user).orElseThrow(() ->
                        new LaunchFailedException("--user " + user + ": no such user in " + etc.resolve("passwd")));
                uid = account.uid();
                primaryGid = account.gid();
            }
        }
        long gid;
        if (identity.group().isPresent()) {
            gid = group(identity.group().get(), "--group");
        } else if (primaryGid != null) {
            gid = primaryGid;
        } else {
            throw new LaunchFailedException("--user " + identity.user().orElse("") + " is numeric: add --group");
        }
        List<Long> groups = new ArrayList<>();
        for (String g : identity.additionalGroups()) {
            groups.add(group(g, "--additional-group"));
        }
        return new PlanInputs.Workload(uid, gid, groups);
    }

    private long group(String name, String flag) throws LaunchFailedException {
        if (Identity.isNumeric(name)) {
            return Long.parseLong(name);
        }
        return AccountFiles.group(read("group"), name).orElseThrow(() ->
                new LaunchFailedException(flag + " " + name + ": no such group in " + etc.resolve("group")));
    }

    private String read(String file) throws LaunchFailedException {
        try {
            return Files.readString(etc.resolve(file));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read " + etc.resolve(file) + ": " + e.getMessage(), e);
        }
    }
}
