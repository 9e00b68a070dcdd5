package dev.nucleus.domain.spec;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Lookups in the text of a passwd(5) or group(5) file, the way the workload's own libc would
 * find a name: the first line whose first field is the name. The backends read the files of the
 * root the workload will see and resolve {@code --user}/{@code --group} names with these.
 */
public final class AccountFiles {
    private AccountFiles() {
    }

    /** A passwd entry's ids. */
    public record Account(long uid, long gid) {
    }

    /** {@code name}'s uid and primary gid from passwd text, if it has a well-formed line. */
    public static Optional<Account> user(String passwd, String name) {
        String[] f = find(passwd, name, 4);
        if (f == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Account(Long.parseLong(f[2]), Long.parseLong(f[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The name of the first passwd line whose uid field is {@code uid}. */
    public static Optional<String> userName(String passwd, long uid) {
        String id = Long.toString(uid);
        for (String line : passwd.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && f[2].equals(id) && !f[0].isEmpty()) {
                return Optional.of(f[0]);
            }
        }
        return Optional.empty();
    }

    /** {@code name}'s gid from group text, if it has a well-formed line. */
    public static OptionalLong group(String group, String name) {
        String[] f = find(group, name, 3);
        if (f == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(f[2]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The gids of the group lines that list {@code user} among their members (the fourth field), in
     * file order and each once: the supplementary groups {@code initgroups(3)} would give it.
     */
    public static java.util.List<Long> memberOf(String group, String user) {
        java.util.LinkedHashSet<Long> gids = new java.util.LinkedHashSet<>();
        for (String line : group.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && java.util.Arrays.asList(f[3].split(",")).contains(user)) {
                try {
                    gids.add(Long.parseLong(f[2]));
                } catch (NumberFormatException malformed) {
                    // not a group libc would return either
                }
            }
        }
        return java.util.List.copyOf(gids);
    }

    private static String[] find(String text, String name, int minFields) {
        for (String line : text.split("\n")) {
            String[] fields = line.split(":", -1);
            if (fields.length >= minFields && fields[0].equals(name)) {
                return fields;
            }
        }
        return null;
    }
}
