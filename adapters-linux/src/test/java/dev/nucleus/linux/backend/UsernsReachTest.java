package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.ports.PolicyRejectedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether strict-agent's remapped root (host uid 100000) can reach its volumes, on real directories. */
class UsernsReachTest {
    @TempDir
    Path tmp;

    private static ContainerSpec strict(String volume) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.put(LaunchOption.STRICT_AGENT, List.of("true"));
        values.put(LaunchOption.TRUST_LEVEL, List.of("trusted"));
        values.put(LaunchOption.VOLUME, List.of(volume));
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    @Test
    void aVolumeBehindADirectoryOfRootsItMayNotSearchIsRefusedNamingIt() throws Exception {
        Path closed = Files.createDirectory(tmp.resolve("closed"));
        Path data = Files.createDirectory(closed.resolve("data"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> UsernsReach.check(strict(data + ":/data")));
        assertTrue(e.getMessage().startsWith("--volume " + data + ":/data: the container's root (host uid 100000) may"
                + " not pass through " + closed + " (mode 700, owner 0:0)"), e.getMessage());
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx--x--x"));
        UsernsReach.check(strict(data + ":/data"));
    }

    @Test
    void aDirectoryTheNamespaceMapsIsPassedByItsRoot() throws Exception {
        Path owned = Files.createDirectory(tmp.resolve("owned"));
        Path data = Files.createDirectory(owned.resolve("data"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(owned, PosixFilePermissions.fromString("rwx------"));
        Files.setAttribute(owned, "unix:uid", 100_001);
        Files.setAttribute(owned, "unix:gid", 100_001);
        UsernsReach.check(strict(data + ":/data")); // its owner and group are the container's 1:1
    }

    @Test
    void aStateDirectoryItCannotReachIsRefused() throws Exception {
        Path closed = Files.createDirectory(tmp.resolve("closed"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> UsernsReach.stateDirectory(strict(tmp + ":/data"), closed.resolve("state")));
        assertTrue(e.getMessage().startsWith("the state directory " + closed.resolve("state") + " (--root): the"
                + " container's root (host uid 100000) may not pass through " + closed), e.getMessage());
    }
}
