package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.plan.Step;
import dev.nucleus.ports.PolicyRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
                () -> OverlayLayers.checkTargets(List.of(step), ROOT, rootfs, Optional.empty())).getMessage();
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
                new Step.Chdir("/tmp")), ROOT, rootfs, Optional.empty()));
    }

    /** An image's layer lies above the rootfs: its directory hides the rootfs's link, its link is refused too. */
    @Test
    void anImagesLayerDecidesWhereItHasAnEntry() throws Exception {
        Path layer = Files.createDirectories(rootfs.resolveSibling(rootfs.getFileName() + "-layer"));
        Files.createDirectories(layer.resolve("tmp"));
        Files.createSymbolicLink(layer.resolve("opt"), Path.of("/usr"));
        assertDoesNotThrow(() -> OverlayLayers.checkTargets(List.of(new Step.Mkdir(ROOT + "/tmp", 01777)), ROOT,
                rootfs, Optional.of(layer)), "the image replaced the rootfs's /tmp link with a directory");
        String message = assertThrows(PolicyRejectedException.class, () -> OverlayLayers.checkTargets(
                List.of(new Step.Mkdir(ROOT + "/opt", 0755)), ROOT, rootfs, Optional.of(layer))).getMessage();
        assertEquals("--rootfs-mode overlay: the image's layer's /opt is a symbolic link (to /usr), where the"
                + " container needs a directory; an overlay root is the rootfs's own tree, and Nucleus follows no link"
                + " in it: make /opt a directory in the rootfs, or use --rootfs-mode bind", message);
    }

    /** Beneath an opaque directory of the layer the rootfs's links are hidden (root: a trusted.* mark). */
    @Test
    @org.junit.jupiter.api.Tag("root")
    void anOpaqueDirectoryOfTheLayerHidesTheRootfsBeneathIt() throws Exception {
        Files.createDirectories(rootfs.resolve("data"));
        Files.createSymbolicLink(rootfs.resolve("data/cache"), Path.of("/var/cache"));
        Path layer = Files.createDirectories(rootfs.resolveSibling(rootfs.getFileName() + "-opaque"));
        Path data = Files.createDirectories(layer.resolve("data"));
        assertEquals(0, new ProcessBuilder("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", data.toString())
                .inheritIO().start().waitFor());
        List<Step> plan = List.of(new Step.Mkdir(ROOT + "/data/cache", 0755));
        assertDoesNotThrow(() -> OverlayLayers.checkTargets(plan, ROOT, rootfs, Optional.of(layer)));
        assertThrows(PolicyRejectedException.class, () -> OverlayLayers.checkTargets(plan, ROOT, rootfs,
                Optional.empty()), "without the layer the rootfs's link is there");
    }

    /**
     * What the plan makes that the lowers lack is recorded for image commit, with the parents it
     * lacks; what the rootfs has (or the image's layer, unless a whiteout hides it) is not.
     */
    @Test
    void whatThePlanMakesInTheUpperLayerIsRecorded() throws Exception {
        Path layer = Files.createDirectories(rootfs.resolveSibling(rootfs.getFileName() + "-made-layer"));
        Files.createDirectories(layer.resolve("opt"));
        Files.createDirectories(rootfs.resolve("home"));
        List<Step> plan = List.of(
                new Step.Mkdir(ROOT + "/proc", 0555),
                new Step.Mount("proc", ROOT + "/proc", "proc", 0, ""),
                new Step.Mkdir(ROOT + "/etc", 0755),                         // the rootfs has it
                new Step.MkFile(ROOT + "/etc/hostname", 0644),               // a file mount point
                new Step.Mount("/h", ROOT + "/etc/hostname", "", 0, ""),
                new Step.Mount("/v", ROOT + "/opt/deep/data", "", 0, ""),    // /opt is the layer's
                new Step.Mkdir(ROOT + "/home/agent", 0700),
                new Step.WriteFile(ROOT + "/etc/motd", 0644, new byte[0]),   // content, not a mount point
                new Step.Mkdir("/elsewhere/tmp", 0755));
        assertEquals(List.of(new dev.nucleus.linux.image.RuntimeMadePaths.Made("/proc", true),
                        new dev.nucleus.linux.image.RuntimeMadePaths.Made("/etc/hostname", false),
                        new dev.nucleus.linux.image.RuntimeMadePaths.Made("/opt/deep", true),
                        new dev.nucleus.linux.image.RuntimeMadePaths.Made("/opt/deep/data", true),
                        new dev.nucleus.linux.image.RuntimeMadePaths.Made("/home/agent", true)),
                OverlayLayers.made(plan, ROOT, rootfs, Optional.of(layer)));
        assertEquals(List.of(new dev.nucleus.linux.image.RuntimeMadePaths.Made("/opt", true),
                        new dev.nucleus.linux.image.RuntimeMadePaths.Made("/opt/deep", true),
                        new dev.nucleus.linux.image.RuntimeMadePaths.Made("/opt/deep/data", true)),
                OverlayLayers.made(List.of(new Step.Mount("/v", ROOT + "/opt/deep/data", "", 0, "")), ROOT, rootfs,
                        Optional.empty()), "without the layer, /opt is made too");
    }
}
