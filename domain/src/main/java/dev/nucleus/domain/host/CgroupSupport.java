package dev.nucleus.domain.host;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The cgroup layout and the controllers this process can use, per hierarchy version. A
 * controller is usable when its directory for this process exists and is writable.
 */
public record CgroupSupport(CgroupLayout layout, List<String> v1Controllers, List<String> v2Controllers) {
    public CgroupSupport {
        Objects.requireNonNull(layout, "layout");
        v1Controllers = List.copyOf(new TreeSet<>(v1Controllers));
        v2Controllers = List.copyOf(new TreeSet<>(v2Controllers));
    }

    /** True when {@code controller} is usable in either hierarchy. */
    public boolean usable(String controller) {
        return v1Controllers.contains(controller) || v2Controllers.contains(controller);
    }
}
