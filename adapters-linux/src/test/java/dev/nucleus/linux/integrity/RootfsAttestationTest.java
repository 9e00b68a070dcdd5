package dev.nucleus.linux.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.integrity.RootfsManifest;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rootfs manifest on a real temporary tree. */
class RootfsAttestationTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("rootfs"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc/conf.d"));
        Files.writeString(root.resolve("bin/busybox"), "busybox\n");
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        Files.writeString(root.resolve("etc/conf.d/a"), "a\n");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("etc"));           // a directory link inside
        Files.createSymbolicLink(root.resolve("mtab"), Path.of("proc/self/mounts")); // dangling: skipped
    }

    @Test
    void aFreshManifestListsEveryRegularFileThroughLinksAndVerifies() throws Exception {
        RootfsManifest m = RootfsAttestation.write(root);
        assertEquals(List.of("bin/busybox", "bin/sh", "etc/conf.d/a", "lib/conf.d/a"), List.copyOf(m.entries().keySet()));
        assertEquals(m.entries().get("bin/busybox"), m.entries().get("bin/sh"));
        // sha256("busybox\n")
        assertEquals("597d455e6299f2550cc1c1fbfa819cd50c4751ded18c548376e1e7576e16d7e9", m.entries().get("bin/busybox"));
        String text = Files.readString(root.resolve(RootfsManifest.FILE_NAME), StandardCharsets.UTF_8);
        assertTrue(text.startsWith(m.entries().get("bin/busybox") + "\tbin/busybox\n"), text);
        assertTrue(RootfsAttestation.check(root).clean());
        RootfsAttestation.verify(root);
    }

    @Test
    void aChangedFileIsNamed() throws Exception {
        RootfsAttestation.write(root);
        Files.writeString(root.resolve("etc/conf.d/a"), "tampered\n");
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> RootfsAttestation.verify(root));
        assertTrue(e.getMessage().contains("2 changed (etc/conf.d/a, lib/conf.d/a); 0 missing; 0 extra"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        RootfsAttestation.write(root);
        Files.delete(root.resolve("bin/busybox"));
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> RootfsAttestation.verify(root));
        assertTrue(e.getMessage().contains("0 changed; 2 missing (bin/busybox, bin/sh); 0 extra"), e.getMessage());
    }

    @Test
    void anExtraFileIsNamed() throws Exception {
        RootfsAttestation.write(root);
        Files.writeString(root.resolve("bin/implant"), "x");
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> RootfsAttestation.verify(root));
        assertTrue(e.getMessage().contains("0 changed; 0 missing; 1 extra (bin/implant)"), e.getMessage());
    }

    @Test
    void aSymlinkEscapingTheRootfsIsRefused() throws Exception {
        Path outside = Files.writeString(tmp.resolve("host-secret"), "secret");
        Files.createSymbolicLink(root.resolve("etc/leak"), outside);
        RootfsAttestation.Refused e = assertThrows(RootfsAttestation.Refused.class, () -> RootfsAttestation.write(root));
        assertTrue(e.getMessage().contains("symlink etc/leak -> " + outside + " points outside the rootfs"),
                e.getMessage());
        Files.delete(root.resolve("etc/leak"));
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../../host-secret"));
        assertThrows(RootfsAttestation.Refused.class, () -> RootfsAttestation.compute(root));
    }

    @Test
    void aMissingOrMalformedManifestIsRefused() throws Exception {
        assertThrows(RootfsAttestation.Refused.class, () -> RootfsAttestation.verify(root));
        Files.writeString(root.resolve(RootfsManifest.FILE_NAME), "garbage\n");
        assertThrows(RootfsAttestation.Refused.class, () -> RootfsAttestation.verify(root));
    }

    @Test
    void aManifestThatIsASymlinkIsRefusedAsSuchNotAsMissing() throws Exception {
        RootfsAttestation.write(root);
        Path elsewhere = Files.move(root.resolve(RootfsManifest.FILE_NAME), tmp.resolve("manifest"));
        Files.createSymbolicLink(root.resolve(RootfsManifest.FILE_NAME), elsewhere);
        RootfsAttestation.Refused e = assertThrows(RootfsAttestation.Refused.class, () -> RootfsAttestation.verify(root));
        assertTrue(e.getMessage().contains(RootfsManifest.FILE_NAME + " is not a regular file"), e.getMessage());
        Files.delete(root.resolve(RootfsManifest.FILE_NAME));
        RootfsAttestation.Refused missing = assertThrows(RootfsAttestation.Refused.class,
                () -> RootfsAttestation.verify(root));
        assertTrue(missing.getMessage().contains(RootfsManifest.FILE_NAME + " is missing"), missing.getMessage());
    }

    @Test
    void aSymlinkLoopIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("etc/conf.d/self"), Path.of(".."));
        assertThrows(RootfsAttestation.Refused.class, () -> RootfsAttestation.compute(root));
    }
}
