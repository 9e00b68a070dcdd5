package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.spec.Gpu;
import dev.nucleus.domain.spec.GpuVendor;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.ports.PolicyRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU node discovery over a host tree of real character devices (made with mknod: root), laid out
 * as a machine with GPUs has them: this machine has none, so its own /dev finds nothing.
 */
@Tag("root")
class GpuDevicesTest {
    @TempDir
    Path host;

    private void node(String path) throws IOException, InterruptedException {
        Path p = host.resolve(path);
        Files.createDirectories(p.getParent());
        Process mknod = new ProcessBuilder("mknod", p.toString(), "c", "1", "3").inheritIO().start();
        assertEquals(0, mknod.waitFor(), "mknod " + p);
    }

    private void pciVendor(String drmNode, String vendor) throws IOException {
        Path file = host.resolve("sys/class/drm/" + drmNode + "/device/vendor");
        Files.createDirectories(file.getParent());
        Files.writeString(file, vendor + "\n");
    }

    @BeforeEach
    void aMachineWithAnNvidiaAnAmdAndAnIntelGpu() throws Exception {
        for (String n : List.of("dev/nvidia0", "dev/nvidiactl", "dev/nvidia-uvm", "dev/kfd", "dev/dri/card0",
                "dev/dri/renderD128", "dev/dri/card1", "dev/dri/renderD129", "dev/dri/renderD130")) {
            node(n);
        }
        Files.writeString(host.resolve("dev/nvidia-not-a-node"), "");
        pciVendor("card0", "0x10de");
        pciVendor("renderD128", "0x10de");
        pciVendor("card1", "0x1002");
        pciVendor("renderD129", "0x1002");
        pciVendor("renderD130", "0x8086");
    }

    private static Gpu vendor(GpuVendor v) {
        return new Gpu(Optional.of(v), List.of(), Gpu.DEFAULT_DRIVER_CAPABILITIES, Gpu.DEFAULT_VISIBLE_DEVICES, true);
    }

    @Test
    void eachVendorFindsItsOwnNodes() throws Exception {
        assertEquals(List.of("/dev/dri/card0", "/dev/dri/renderD128", "/dev/nvidia-uvm", "/dev/nvidia0",
                "/dev/nvidiactl"), GpuDevices.of(vendor(GpuVendor.NVIDIA), host));
        assertEquals(List.of("/dev/dri/card1", "/dev/dri/renderD129", "/dev/kfd"),
                GpuDevices.of(vendor(GpuVendor.AMD), host));
        assertEquals(List.of("/dev/dri/renderD130"), GpuDevices.of(vendor(GpuVendor.INTEL), host));
        assertEquals(10 - 1, GpuDevices.of(vendor(GpuVendor.AUTO), host).size(), "every node; not the plain file");
        assertEquals(GpuDevices.of(vendor(GpuVendor.AUTO), host), GpuDevices.of(vendor(GpuVendor.ALL), host));
        assertTrue(GpuDevices.nvidia(GpuDevices.of(vendor(GpuVendor.AUTO), host)));
        assertTrue(!GpuDevices.nvidia(GpuDevices.of(vendor(GpuVendor.AMD), host)));
    }

    @Test
    void explicitNodesMustBeCharacterDevicesBeneathDev() throws Exception {
        Gpu two = new Gpu(Optional.empty(), List.of(HostPath.parse("/dev/kfd"), HostPath.parse("/dev/dri/../nvidia0")),
                "compute", "all", true);
        assertEquals(List.of("/dev/kfd", "/dev/nvidia0"), GpuDevices.of(two, host));
        for (String bad : List.of("/dev/nvidia-not-a-node", "/dev/nvidia7", "/etc/passwd", "/dev/../etc/passwd")) {
            Gpu gpu = new Gpu(Optional.empty(), List.of(HostPath.parse(bad)), "compute", "all", true);
            PolicyRejectedException e = assertThrows(PolicyRejectedException.class, () -> GpuDevices.of(gpu, host));
            assertTrue(e.getMessage().startsWith("--gpu-device " + bad + ": "), e.getMessage());
        }
    }

    @Test
    void aVendorWithNoNodeIsRefusedAndThisMachineHasNone() throws Exception {
        Path empty = Files.createDirectories(host.resolve("empty"));
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> GpuDevices.of(vendor(GpuVendor.INTEL), empty));
        assertTrue(e.getMessage().startsWith("--gpu intel: no Intel device node on this host"), e.getMessage());
        // This machine (and CI's) has no GPU: the real /dev and /sys find nothing either.
        assertThrows(PolicyRejectedException.class, () -> GpuDevices.of(vendor(GpuVendor.AUTO)));
        assertEquals(List.of(), GpuDevices.of(new Gpu(Optional.empty(), List.of(), "c", "all", true)));
    }
}
