package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.SubordinateIds;
import dev.nucleus.domain.spec.AccountFiles;
import dev.nucleus.ports.out.SubordinateIdSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The caller's subordinate ids from {@code /etc/subuid} and {@code /etc/subgid} (subuid(5):
 * {@code owner:start:count}, the owner a user name or a uid): the first range for the caller's
 * name (from {@code /etc/passwd}), else the first for its uid, as newuidmap(1) looks them up.
 */
public final class SubordinateIdFiles implements SubordinateIdSource {
    private final String etc;

    /** The host's files. */
    public SubordinateIdFiles() {
        this("/etc"); // a string until asked: a launch as root never asks, and its first path comes later
    }

    SubordinateIdFiles(Path etc) {
        this(etc.toString());
    }

    private SubordinateIdFiles(String etc) {
        this.etc = etc;
    }

    @Override
    public Optional<SubordinateIds> of(Invoker invoker) {
        Optional<String> name = AccountFiles.userName(read("passwd"), invoker.uid());
        Optional<Range> uids = range(read("subuid"), name, invoker.uid());
        Optional<Range> gids = range(read("subgid"), name, invoker.uid());
        if (uids.isEmpty() || gids.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SubordinateIds(uids.get().start(), uids.get().count(), gids.get().start(),
                gids.get().count()));
    }

    /** One line's range. */
    record Range(long start, long count) {
    }

    /**
     * The range of the first well-formed line owned by {@code name}, else of the first owned by
     * {@code uid}; a malformed line, or a range {@link SubordinateIds#valid} refuses, is passed over.
     */
    static Optional<Range> range(String text, Optional<String> name, long uid) {
        Optional<Range> byName = name.flatMap(n -> first(text, n));
        return byName.isPresent() ? byName : first(text, Long.toString(uid));
    }

    private static Optional<Range> first(String text, String owner) {
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(":", -1);
            if (f.length != 3 || !f[0].equals(owner)) {
                continue;
            }
            try {
                long start = Long.parseLong(f[1]);
                long count = Long.parseLong(f[2]);
                if (SubordinateIds.valid(start, count)) {
                    return Optional.of(new Range(start, count));
                }
            } catch (NumberFormatException malformed) {
                // not a range: the next line may be one
            }
        }
        return Optional.empty();
    }

    /** A file that is not there (or unreadable) holds no ranges. */
    private String read(String file) {
        try {
            return Files.readString(Path.of(etc, file));
        } catch (IOException e) {
            return "";
        }
    }
}
