package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** --io-limit's devices against this host's real /sys/dev/block, before anything is made. */
class IoLimitDevicesTest {
    private static final Path SYS = Path.of("/sys/dev/block");

    private static ContainerSpec spec(String... limits) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.put(LaunchOption.IO_LIMIT, List.of(limits));
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    /** A whole disk this host has (the machine's own disk, a loop device or zram). */
    private static String aDisk() throws IOException {
        try (Stream<Path> devices = Files.list(SYS)) {
            return devices.filter(d -> !Files.exists(d.resolve("partition"))).map(d -> d.getFileName().toString())
                    .findFirst().orElseThrow(() -> new AssertionError("this host lists no whole disk in " + SYS));
        }
    }

    @Test
    void aDiskOfThisHostIsTaken() throws Exception {
        Preflight.ioLimitDevices(spec(aDisk() + " rbps=1048576"), SYS);
    }

    @Test
    void aDeviceThisHostLacksIsRefusedByName() throws Exception {
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> Preflight.ioLimitDevices(spec(aDisk() + " rbps=1", "4095:1048575 wiops=5"), SYS));
        assertEquals("--io-limit 4095:1048575 wiops=5: this host has no block device 4095:1048575 (lsblk lists"
                + " MAJ:MIN)", e.getMessage());
    }
}
