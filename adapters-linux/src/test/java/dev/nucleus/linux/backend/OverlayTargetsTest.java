package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.plan.Step;
import dev.nucleus.ports.PolicyRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An overlay root's mount targets against the rootfs's links, on a real tree. */
class OverlayTargetsTest {
    private static final String ROOT = "/run/nucleus/.root";

    @TempDir
    Path rootfs;

    @BeforeEach
    void links() throws Exception {
        Files.createDirectories(rootfs.resolve("var/tmp"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("tmp"), Path.of("var/tmp"));
        Files.createSymbolicLink(rootfs.resolve("srv"), Path.of("/var"));
        Files.createSymbolicLink(rootfs.resolve("etc/hosts"), Path.of("../run/hosts"));
    }

    String refusal(Step step) {
        return assertThrows(PolicyRejectedException.class,
                () -> OverlayLayers.checkTargets(List.of(step), ROOT, rootfs)).getMessage();
    }

    @Test
    void aLinkWhereADirectoryIsMadeIsRefused() {
        assertEquals("--rootfs-mode overlay: the rootfs's /tmp is a symbolic link (to var/tmp), where the container"
                + " needs a directory; an overlay root is the rootfs's own tree, and Nucleus follows no link in it:"
                + " make /tmp a directory in the rootfs, or use --rootfs-mode bind", refusal(new Step.Mkdir(ROOT + "/tmp", 01777)));
    }

    @Test
    void aLinkOnTheWayToAMountIsRefused() {
        assertEquals("--rootfs-mode overlay: the rootfs's /srv is a symbolic link (to /var), on the way to /srv/data;"
                + " an overlay root is the rootfs's own tree, and Nucleus follows no link in it: make /srv a directory"
                + " in the rootfs, or use --rootfs-mode bind", refusal(new Step.Mount("/v", ROOT + "/srv/data", "", 0, "")));
    }

    @Test
    void whatFollowsNoLinkPasses() {
        assertDoesNotThrow(() -> OverlayLayers.checkTargets(List.of(
                new Step.Mkdir(ROOT + "/proc", 0555),                      // not in the rootfs: the plan makes it
                new Step.Mount("proc", ROOT + "/proc", "proc", 0, ""),
                new Step.Mkdir(ROOT + "/var/tmp/x", 0755),                 // through real directories
                new Step.Mount("/h", ROOT + "/etc/hosts", "", 0, ""),      // the link itself, not through it
                new Step.Mkdir("/elsewhere/tmp", 0755),                    // not beneath the root
                new Step.Chdir("/tmp")), ROOT, rootfs));
    }
}
