package dev.nucleus.domain.rules;

/** Who is launching: the effective uid and gid of the calling process (0 = host root). */
public record Invoker(long uid, long gid) {
    public boolean isRoot() {
        return uid == 0;
    }
}
