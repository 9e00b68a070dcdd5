package dev.nucleus.domain.lifecycle;

import dev.nucleus.domain.value.CgroupParent;
import dev.nucleus.domain.value.InvalidValueException;

/**
 * Where a container's cgroups are made, recorded in its facts before they are: its
 * {@code --cgroup-parent} (absent: the default). A runtime that dies after making them and before
 * its state names them leaves them findable by the container's id beneath it.
 */
public final class CgroupParentAnnotation {
    public static final String KEY = "dev.nucleus.cgroup-parent";

    private CgroupParentAnnotation() {
    }

    /** The parent the facts record; the default when none is, or one Nucleus would not have written. */
    public static CgroupParent of(ContainerFacts facts) {
        String recorded = facts.annotations().get(KEY);
        if (recorded == null) {
            return CgroupParent.DEFAULT;
        }
        try { // checked again: never a path out of the caller's subtree, whatever the state file says
            return CgroupParent.parse(recorded);
        } catch (InvalidValueException e) {
            return CgroupParent.DEFAULT;
        }
    }
}
