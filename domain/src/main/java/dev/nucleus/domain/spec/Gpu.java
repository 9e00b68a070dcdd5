package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** GPU passthrough; absent vendor means none. */
public record Gpu(Optional<GpuVendor> vendor, List<HostPath> devices, String driverCapabilities,
                  String visibleDevices, boolean bindDriverLibraries) {
    public static final String DEFAULT_DRIVER_CAPABILITIES = "compute,utility";
    public static final String DEFAULT_VISIBLE_DEVICES = "all";

    public boolean enabled() {
        return vendor.isPresent() || !devices.isEmpty();
    }
}
