package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Which GPUs to pass through. */
public enum GpuVendor implements CliChoice {
    AUTO("auto"),
    NVIDIA("nvidia"),
    AMD("amd"),
    INTEL("intel"),
    ALL("all");

    private final String cliName;

    GpuVendor(String cliName) {
        this.cliName = cliName;
    }

    @Override
    public String cliName() {
        return cliName;
    }

    @Override
    public String toString() {
        return cliName;
    }
}
