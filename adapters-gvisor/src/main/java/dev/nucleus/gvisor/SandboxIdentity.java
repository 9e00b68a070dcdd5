package dev.nucleus.gvisor;

import dev.nucleus.domain.spec.AccountFiles;
import dev.nucleus.domain.spec.Identity;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox process's ids: --user, --group and --additional-group as numbers, names looked up in
 * the passwd and group files of the root the workload sees ({@code etc}: the rootfs's, or the
 * host's for the host view, as the native backend does). A numeric --user without --group runs
 * with the group of the same number.
 */
record SandboxIdentity(long uid, long gid, List<Long> additionalGids) {
    SandboxIdentity {
        additionalGids = List.copyOf(additionalGids);
    }

    static SandboxIdentity resolve(Identity identity, Path etc) throws LaunchFailedException {
        long uid = 0;
        Long primary = null;
        if (identity.user().isPresent()) {
            String user = identity.user().get();
            if (Identity.isNumeric(user)) {
                uid = Long.parseLong(user);
            } else {
                AccountFiles.Account a = AccountFiles.user(read(etc, "passwd"), user).orElseThrow(() ->
                        new LaunchFailedException("--user " + user + ": no such user in " + etc.resolve("passwd")));
                uid = a.uid();
                primary = a.gid();
            }
        }
        long gid = identity.group().isPresent() ? group(identity.group().get(), "--group", etc)
                : primary != null ? primary : uid;
        List<Long> groups = new ArrayList<>();
        for (String g : identity.additionalGroups()) {
            groups.add(group(g, "--additional-group", etc));
        }
        return new SandboxIdentity(uid, gid, groups);
    }

    private static long group(String name, String flag, Path etc) throws LaunchFailedException {
        if (Identity.isNumeric(name)) {
            return Long.parseLong(name);
        }
        return AccountFiles.group(read(etc, "group"), name).orElseThrow(() ->
                new LaunchFailedException(flag + " " + name + ": no such group in " + etc.resolve("group")));
    }

    private static String read(Path etc, String file) throws LaunchFailedException {
        try {
            return Files.readString(etc.resolve(file));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read " + etc.resolve(file) + ": " + e.getMessage(), e);
        }
    }
}
