package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.Lists;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The workload's numeric ids: {@code --user}, {@code --group} and {@code --additional-group}
 * resolved against the passwd and group files of the root the workload will see, as its own libc
 * would: a named user runs with its primary group and the groups {@code /etc/group} lists it in
 * (as {@code initgroups(3)} gives them), then the additional groups asked for.
 */
public record WorkloadIds(long uid, long gid, List<Long> memberships, List<Long> additional) {
    public WorkloadIds {
        memberships = List.copyOf(memberships);
        additional = List.copyOf(additional);
    }

    /** The root's account files: {@code passwd} and {@code group}, each empty where the root has none. */
    public interface AccountTexts {
        Optional<String> passwd();

        Optional<String> group();

        /** Texts already read; null where the root has no such file. */
        static AccountTexts of(String passwd, String group) {
            return new AccountTexts() {
                @Override
                public Optional<String> passwd() {
                    return Optional.ofNullable(passwd);
                }

                @Override
                public Optional<String> group() {
                    return Optional.ofNullable(group);
                }
            };
        }
    }

    /**
     * Resolves {@code identity}; without {@code --user}, the workload runs as {@code defaultUid}
     * and {@code defaultGid}.
     *
     * @throws InvalidValueException naming the flag and the file, for a name the root does not have
     */
    public static WorkloadIds resolve(Identity identity, AccountTexts files, long defaultUid, long defaultGid)
            throws InvalidValueException {
        long uid = defaultUid;
        Long primary = defaultGid;
        List<Long> memberships = List.of();
        if (identity.user().isPresent()) {
            String user = identity.user().get();
            if (Identity.isNumeric(user)) {
                uid = Long.parseLong(user);
                primary = null; // --group is required with a numeric --user (ConsistencyRules)
            } else {
                String passwd = files.passwd().orElseThrow(() -> missing("--user", user, "passwd"));
                AccountFiles.Account account = AccountFiles.user(passwd, user)
                        .orElseThrow(() -> unknown("--user", user, "user", "passwd"));
                uid = account.uid();
                primary = account.gid();
                memberships = files.group().map(text -> AccountFiles.memberOf(text, user)).orElse(List.of());
            }
        }
        long gid = identity.group().isPresent() ? group(identity.group().get(), "--group", files)
                : primary != null ? primary : uid;
        List<Long> additional = new ArrayList<>();
        for (String g : identity.additionalGroups()) {
            additional.add(group(g, "--additional-group", files));
        }
        return new WorkloadIds(uid, gid, memberships, additional);
    }

    /** The supplementary groups: the memberships, then the additional groups, each once. */
    public List<Long> groups() {
        LinkedHashSet<Long> all = new LinkedHashSet<>(memberships);
        all.addAll(additional);
        return List.copyOf(all);
    }

    /** The same ids with only the memberships {@code keep} accepts (the groups asked for stay). */
    public WorkloadIds keepingMemberships(java.util.function.LongPredicate keep) {
        return new WorkloadIds(uid, gid, Lists.filter(memberships, keep::test), additional);
    }

    private static long group(String name, String flag, AccountTexts files) throws InvalidValueException {
        if (Identity.isNumeric(name)) {
            return Long.parseLong(name);
        }
        String text = files.group().orElseThrow(() -> missing(flag, name, "group"));
        return AccountFiles.group(text, name).orElseThrow(() -> unknown(flag, name, "group", "group"));
    }

    private static InvalidValueException unknown(String flag, String name, String kind, String file) {
        return new InvalidValueException(flag + " " + name + ": no such " + kind + " in the container's /etc/" + file
                + " (use a numeric id, or add the " + kind + " to the rootfs)");
    }

    private static InvalidValueException missing(String flag, String name, String file) {
        return new InvalidValueException(flag + " " + name + ": the container's root has no /etc/" + file
                + " to look the name up in (use a numeric id)");
    }
}
