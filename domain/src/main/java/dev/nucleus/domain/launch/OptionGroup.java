package dev.nucleus.domain.launch;

/** Sections of {@code nucleus run --help}, in display order. */
public enum OptionGroup {
    MODE("Mode and runtime"),
    WORKLOAD("Workload"),
    FILESYSTEM("Filesystem"),
    IDENTITY("Identity and user namespace"),
    RESOURCES("Resources"),
    NETWORK("Network"),
    SECURITY("Security policy and integrity"),
    HEALTH("Health and readiness"),
    LIFECYCLE("Lifecycle and terminal"),
    GPU("GPU passthrough");

    private final String heading;

    OptionGroup(String heading) {
        this.heading = heading;
    }

    public String heading() {
        return heading;
    }
}
