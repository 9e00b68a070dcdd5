package dev.nucleus.domain.rules;

import java.util.Optional;

/**
 * Who is launching: the effective uid and gid of the calling process (0 = host root), and its
 * subordinate id ranges when a launch needs them ({@code --userns keep-id} or {@code auto}).
 */
public record Invoker(long uid, long gid, Optional<SubordinateIds> subordinate) {
    public Invoker(long uid, long gid) {
        this(uid, gid, Optional.empty());
    }

    public boolean isRoot() {
        return uid == 0;
    }

    public Invoker withSubordinate(Optional<SubordinateIds> ranges) {
        return new Invoker(uid, gid, ranges);
    }
}
