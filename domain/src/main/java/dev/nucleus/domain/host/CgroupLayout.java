package dev.nucleus.domain.host;

/** How cgroups are mounted at {@code /sys/fs/cgroup}. */
public enum CgroupLayout {
    /** cgroup2 at /sys/fs/cgroup (v2 only). */
    UNIFIED,
    /** tmpfs with v1 hierarchies plus cgroup2 at /sys/fs/cgroup/unified. */
    HYBRID,
    /** tmpfs with v1 hierarchies only. */
    LEGACY,
    /** No cgroup file system where Nucleus looks. */
    NONE
}
