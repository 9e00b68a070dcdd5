package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.CliChoice;

/** Which GPUs to pass through. */
public enum GpuVendor implements CliChoice {
    AUTO, NVIDIA, AMD, INTEL, ALL
}
