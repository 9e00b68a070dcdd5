package dev.nucleus.ports.out;

import dev.nucleus.domain.spec.Resources;
import dev.nucleus.ports.CgroupException;

/**
 * Creates per-container cgroups with their limits. Implemented against the kernel's cgroup file
 * systems (v2, v1 or both); the container process joins afterwards through {@link ContainerCgroup#join}.
 */
public interface CgroupDriver {
    /**
     * Creates the container's cgroup in every usable hierarchy and writes the limits; nothing
     * joined yet. On failure nothing created is left behind. A limit whose controller is
     * unusable fails with {@link CgroupException#controller()} naming it.
     */
    ContainerCgroup create(String containerId, Resources limits) throws CgroupException;

    /**
     * The cgroup of a container created earlier (by another process), from the directories its
     * state recorded: for statistics, or to empty and remove what a crashed runtime left. Each
     * directory must be a cgroup directory named for that container.
     */
    ContainerCgroup reopen(String containerId, java.util.Map<String, String> directories) throws CgroupException;

    /**
     * The cgroup directories a container with the default parent ({@code --cgroup-parent} not
     * given) has now, by hierarchy, found from its id alone: for a container whose state is lost.
     * Empty when there are none.
     */
    default java.util.Map<String, String> locate(String containerId) throws CgroupException {
        return locate(containerId, dev.nucleus.domain.value.CgroupParent.DEFAULT);
    }

    /** {@link #locate(String)} beneath {@code parent} (a container's {@code --cgroup-parent}). */
    default java.util.Map<String, String> locate(String containerId, dev.nucleus.domain.value.CgroupParent parent)
            throws CgroupException {
        return java.util.Map.of();
    }
}
