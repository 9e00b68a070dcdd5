package dev.nucleus.cli.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.linux.image.ImageManifest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What image run asks of run: the image's options first, the caller's after, and the caller's choices kept. */
class ImageRunTest {
    private static final ImageManifest IMAGE = new ImageManifest("", 0, "0.1.0",
            new ImageManifest.Base("/nix/store/abc-rootfs", List.of(), "a".repeat(64)),
            java.util.Optional.of(new ImageManifest.Diff("diff", "b".repeat(64), 1, 0, List.of(), List.of())),
            new ImageManifest.Config(List.of("/bin/app"), List.of("A=1", "B=2"), "/srv", 1000, 100,
                    List.of(10L))).identified();

    @Test
    void theImageSetsRootfsLayerIdsDirectoryEnvironmentAndTrust() {
        assertEquals(List.of("--rootfs", "/nix/store/abc-rootfs", "--rootfs-mode", "overlay", "--rootfs-layer",
                        "b".repeat(64) + ":/images/web/diff", "--verify-rootfs-attestation", "--trust-level", "trusted",
                        "--workdir", "/srv", "--user", "1000", "--group", "100", "--additional-group", "10",
                        "--env", "A=1", "--env", "B=2", "--memory", "256M"),
                ImageRun.launchOptions(IMAGE, Path.of("/images/web"), List.of("--memory", "256M")));
    }

    /** A Nix-built image (mkImage) has no layer: its rootfs, overlaid, and its config. */
    @Test
    void anImageWithoutALayerRunsItsRootfs() {
        ImageManifest bare = new ImageManifest("", 0, "mkImage", IMAGE.base(), java.util.Optional.empty(),
                IMAGE.config()).identified();
        List<String> argv = ImageRun.launchOptions(bare, Path.of("/nix/store/abc-image"), List.of());
        assertEquals(List.of("--rootfs", "/nix/store/abc-rootfs", "--rootfs-mode", "overlay",
                "--verify-rootfs-attestation", "--trust-level", "trusted", "--workdir", "/srv", "--user", "1000",
                "--group", "100", "--additional-group", "10", "--env", "A=1", "--env", "B=2"), argv);
    }

    @Test
    void theCallersUserDirectoryAndTrustWin() {
        List<String> argv = ImageRun.launchOptions(IMAGE, Path.of("/images/web"), List.of("-u", "0", "--workdir=/",
                "--trust-level", "untrusted", "--verify-rootfs-attestation"));
        assertEquals(List.of("--rootfs", "/nix/store/abc-rootfs", "--rootfs-mode", "overlay", "--rootfs-layer",
                "b".repeat(64) + ":/images/web/diff", "--env", "A=1", "--env", "B=2", "-u", "0", "--workdir=/",
                "--trust-level", "untrusted", "--verify-rootfs-attestation"), argv);
    }

    /** run's own refusal named --rootfs-mode overlay, which the caller never gave and cannot drop. */
    @Test
    void productionIsRefusedUpFrontInImageRunsOwnWords() {
        for (List<String> mode : List.of(List.of("--service-mode", "production"), List.of("--service-mode=production"))) {
            java.io.StringWriter err = new java.io.StringWriter();
            List<String> args = new java.util.ArrayList<>(List.of("/images/web"));
            args.addAll(mode);
            int status = ImageRun.execute(args, dev.nucleus.cli.common.GlobalSettings.empty(),
                    new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true));
            assertEquals(2, status);
            org.junit.jupiter.api.Assertions.assertTrue(err.toString().startsWith("nucleus image run: production mode"),
                    err.toString());
        }
    }
}
