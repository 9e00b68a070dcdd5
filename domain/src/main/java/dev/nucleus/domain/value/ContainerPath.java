package dev.nucleus.domain.value;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An absolute path inside the container, normalised lexically: no {@code .}, no empty segments, and
 * no {@code ..} (refused rather than resolved, so a destination can never climb out of its parent).
 */
public record ContainerPath(String path) {
    public static ContainerPath parse(String text) throws InvalidValueException {
        if (text.isEmpty() || text.charAt(0) != '/') {
            throw new InvalidValueException("expected an absolute path inside the container, such as /data");
        }
        if (text.indexOf('\0') >= 0) {
            throw new InvalidValueException("path contains a NUL byte");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : text.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw new InvalidValueException("'..' is not allowed in a container path");
            }
            parts.add(seg);
        }
        return new ContainerPath("/" + String.join("/", parts));
    }

    // Written out: a record's generated equals and hashCode bootstrap method handles at their first
    // call (java.lang.runtime.ObjectMethods), which the AOT cache does not keep: some 8 ms, cold, at
    // a launch's first mount check (MountTargets compares destinations).
    @Override
    public boolean equals(Object o) {
        return o instanceof ContainerPath other && java.util.Objects.equals(path, other.path);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(path);
    }

    /** Resolves a path relative to this one (used for DEST relative to the home directory). */
    public ContainerPath resolve(String relative) throws InvalidValueException {
        return parse(relative.startsWith("/") ? relative : path + "/" + relative);
    }

    /** True if {@code other} is this path or lies beneath it. */
    public boolean contains(ContainerPath other) {
        return other.path.equals(path) || path.equals("/") || other.path.startsWith(path + "/");
    }

    public boolean overlaps(ContainerPath other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public String toString() {
        return path;
    }
}
