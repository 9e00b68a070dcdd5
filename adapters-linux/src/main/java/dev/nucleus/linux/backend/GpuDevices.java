package dev.nucleus.linux.backend;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.spec.Gpu;
import dev.nucleus.domain.spec.GpuVendor;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The host's GPU device nodes a launch passes through: the ones {@code --gpu-device} names
 * (each must be a character device beneath /dev), or the ones {@code --gpu VENDOR} finds: NVIDIA's
 * {@code /dev/nvidia*} nodes, AMD's {@code /dev/kfd}, and the DRM nodes ({@code /dev/dri/card*},
 * {@code renderD*}) whose PCI vendor ({@code /sys/class/drm/NODE/device/vendor}) is the one asked
 * for; {@code auto} and {@code all} take every one found. Finding none is a refusal: a launch that
 * asked for a GPU does not run without one.
 */
final class GpuDevices {
    private static final Pattern NVIDIA_NODE = Pattern.compile("nvidia([0-9]+|ctl|-uvm|-uvm-tools|-modeset)");
    private static final Pattern DRM_NODE = Pattern.compile("(card|renderD)[0-9]+");
    private static final String NVIDIA_PCI = "0x10de";
    private static final String AMD_PCI = "0x1002";
    private static final String INTEL_PCI = "0x8086";
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private GpuDevices() {
    }

    /** The nodes (host paths, which are also their paths in the container), sorted; none without a GPU request. */
    static List<String> of(Gpu gpu) throws PolicyRejectedException {
        return of(gpu, Path.of("/"));
    }

    /** As {@link #of(Gpu)}, with {@code /dev} and {@code /sys} looked for beneath {@code host}. */
    static List<String> of(Gpu gpu, Path host) throws PolicyRejectedException {
        if (!gpu.devices().isEmpty()) {
            List<String> out = new ArrayList<>();
            for (HostPath device : gpu.devices()) {
                out.add(checked(device.path(), host));
            }
            return List.copyOf(new TreeSet<>(out));
        }
        if (gpu.vendor().isEmpty()) {
            return List.of();
        }
        GpuVendor vendor = gpu.vendor().get();
        Set<String> found = new TreeSet<>();
        if (vendor == GpuVendor.NVIDIA || vendor == GpuVendor.AUTO || vendor == GpuVendor.ALL) {
            list(host.resolve("dev"), NVIDIA_NODE).forEach(n -> found.add("/dev/" + n));
        }
        if (vendor == GpuVendor.AMD || vendor == GpuVendor.AUTO || vendor == GpuVendor.ALL) {
            if (isCharDevice(host.resolve("dev/kfd"))) {
                found.add("/dev/kfd");
            }
        }
        for (String node : list(host.resolve("dev/dri"), DRM_NODE)) {
            if (wanted(vendor, pciVendor(host, node))) {
                found.add("/dev/dri/" + node);
            }
        }
        if (found.isEmpty()) {
            throw new PolicyRejectedException("--gpu " + vendor.cliName() + ": no " + describe(vendor)
                    + " device node on this host (looked for /dev/nvidia*, /dev/kfd and /dev/dri/card*, renderD*"
                    + " by PCI vendor); name nodes with --gpu-device, or run without --gpu");
        }
        return List.copyOf(found);
    }

    private static String checked(String device, Path host) throws PolicyRejectedException {
        Path normal = Path.of(device).normalize();
        if (!normal.startsWith("/dev/") || normal.getNameCount() < 2) {
            throw new PolicyRejectedException("--gpu-device " + device + ": a GPU device node is a path beneath /dev");
        }
        if (!isCharDevice(host.resolve(normal.toString().substring(1)))) {
            throw new PolicyRejectedException("--gpu-device " + device + ": not a character device on this host");
        }
        return normal.toString();
    }

    private static boolean isCharDevice(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFCHR;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Character devices in {@code dir} whose names match, sorted. */
    private static List<String> list(Path dir, Pattern names) {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (names.matcher(name).matches() && isCharDevice(entry)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            return List.of(); // no such directory: no such nodes
        }
        out.sort(null);
        return out;
    }

    private static String pciVendor(Path host, String node) {
        try {
            return AsciiText.lowerCase(Files.readString(host.resolve("sys/class/drm/" + node + "/device/vendor"),
                    StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean wanted(GpuVendor vendor, String pci) {
        return switch (vendor) {
            case AUTO, ALL -> !pci.isEmpty();
            case NVIDIA -> pci.equals(NVIDIA_PCI);
            case AMD -> pci.equals(AMD_PCI);
            case INTEL -> pci.equals(INTEL_PCI);
        };
    }

    private static String describe(GpuVendor vendor) {
        return switch (vendor) {
            case AUTO, ALL -> "GPU";
            case NVIDIA -> "NVIDIA";
            case AMD -> "AMD";
            case INTEL -> "Intel";
        };
    }

    /** Whether NVIDIA's nodes are among them: the NVIDIA_* variables are then the workload's. */
    static boolean nvidia(List<String> devices) {
        return Lists.anyMatch(devices, d -> d.startsWith("/dev/nvidia"));
    }
}
