package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.integrity.RootfsAttestation;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image load's check of the base rootfs's files: what the launch of image run verifies, refused the same. */
class VerifiedImageBaseFilesTest {
    @TempDir
    Path dir;

    private Path attestedRootfs() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/motd"), "as built\n");
        RootfsAttestation.write(rootfs);
        return rootfs;
    }

    private VerifiedImage image() {
        return new VerifiedImage(dir.resolve("image"), ImageManifestTest.sample());
    }

    @Test
    void aBaseThatMatchesItsAttestationPasses() throws Exception {
        image().checkBaseFiles(attestedRootfs());
    }

    @Test
    void aChangedFileIsRefusedByName() throws Exception {
        Path rootfs = attestedRootfs();
        Files.writeString(rootfs.resolve("etc/motd"), "changed\n");
        ImageRefusedException e = assertThrows(ImageRefusedException.class, () -> image().checkBaseFiles(rootfs));
        assertTrue(e.getMessage().contains("does not match its .nucleus-rootfs-sha256") && e.getMessage()
                .contains("etc/motd") && e.getMessage().contains("a run of the image would be refused"), e.getMessage());
    }

    @Test
    void anExtraFileIsRefused() throws Exception {
        Path rootfs = attestedRootfs();
        Files.writeString(rootfs.resolve("etc/extra"), "nobody attested me\n");
        ImageRefusedException e = assertThrows(ImageRefusedException.class, () -> image().checkBaseFiles(rootfs));
        assertTrue(e.getMessage().contains("1 extra (etc/extra)"), e.getMessage());
    }

    @Test
    void aMissingAttestationIsRefused() throws Exception {
        Path rootfs = attestedRootfs();
        Files.delete(rootfs.resolve(".nucleus-rootfs-sha256"));
        ImageRefusedException e = assertThrows(ImageRefusedException.class, () -> image().checkBaseFiles(rootfs));
        assertTrue(e.getMessage().contains(".nucleus-rootfs-sha256 is missing"), e.getMessage());
    }

    /** The manifest parser knows its file, not the image: the refusal names the image as all others do. */
    @Test
    void aMalformedManifestIsRefusedNamingTheImage() throws Exception {
        Path image = Files.createDirectories(dir.resolve("img-badjson"));
        Files.writeString(image.resolve(ImageManifest.FILE), "{\"base\":");
        ImageRefusedException e = assertThrows(ImageRefusedException.class, () -> VerifiedImage.open(image, () -> {
            throw new AssertionError("an unsigned image needs no key");
        }));
        assertTrue(e.getMessage().startsWith("image " + image + ": manifest.json is not an image manifest"),
                e.getMessage());
    }
}
