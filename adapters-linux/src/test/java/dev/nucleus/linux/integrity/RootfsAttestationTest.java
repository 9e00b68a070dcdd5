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

    /**
     * Inside the container an absolute link, and {@code ..}, resolve against the rootfs: the
     * rootfs's own file is attested, and the host's never read (a host path the rootfs lacks is a
     * dangling link, not a refusal).
     */
    @Test
    void absoluteLinksAndClimbsResolveInsideTheRootfsNeverOnTheHost() throws Exception {
        Path outside = Files.writeString(tmp.resolve("host-secret"), "secret");
        Files.createSymbolicLink(root.resolve("bin/ls2"), Path.of("/bin/busybox"));
        Files.createSymbolicLink(root.resolve("etc/leak"), outside);                 // not in the rootfs: dangles
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../../host-secret")); // ".." stops at the top
        Files.createSymbolicLink(root.resolve("etc/top"), Path.of("../../../bin/sh")); // a chain, from the top
        RootfsManifest m = RootfsAttestation.write(root);
        // lib leads to etc: its top climbs from the container's /etc as well.
        assertEquals(List.of("bin/busybox", "bin/ls2", "bin/sh", "etc/conf.d/a", "etc/top", "lib/conf.d/a", "lib/top"),
                List.copyOf(m.entries().keySet()));
        assertEquals(m.entries().get("bin/busybox"), m.entries().get("bin/ls2"));
        assertEquals(m.entries().get("bin/busybox"), m.entries().get("etc/top"));
        RootfsAttestation.verify(root);

        // What the link reaches is attested: changing it fails verification, through each link.
        Files.writeString(root.resolve("bin/busybox"), "tampered\n");
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> RootfsAttestation.verify(root));
        assertTrue(e.getMessage().contains("5 changed (bin/busybox, bin/ls2, bin/sh, etc/top, lib/top)"), e.getMessage());

        // A file made in the rootfs where a dangling link led is one the manifest does not have.
        Files.writeString(root.resolve("bin/busybox"), "busybox\n");
        Files.writeString(root.resolve("host-secret"), "planted");
        e = assertThrows(LaunchFailedException.class, () -> RootfsAttestation.verify(root));
        assertTrue(e.getMessage().contains("0 changed; 0 missing; 3 extra (etc/up, host-secret, lib/up)"), e.getMessage());
    }

    @Test
    void aLinkIntoAStoreObjectReadsTheHostsObject() throws Exception {
        Path object;
        try (var objects = Files.list(Path.of("/nix/store"))) {
            object = objects.filter(o -> !o.getFileName().toString().startsWith(".")
                    && Files.isDirectory(o, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && Files.isRegularFile(o.resolve("bin/hello"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .findFirst().orElse(null);
        } catch (java.nio.file.NoSuchFileException e) {
            object = null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(object != null, "this host's store has no object with bin/hello"
                + " (scripts/nix-busybox-rootfs.sh builds one)");
        Files.createDirectories(root.resolve("nix/store/" + object.getFileName())); // an empty mount point
        Files.createSymbolicLink(root.resolve("bin/hello"), object.resolve("bin/hello"));
        Files.createSymbolicLink(root.resolve("bin/hi"), Path.of("/bin/hello"));  // via the rootfs, into the store
        RootfsManifest m = RootfsAttestation.write(root);
        String hello = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(object.resolve("bin/hello"))));
        assertEquals(hello, m.entries().get("bin/hello"));
        assertEquals(hello, m.entries().get("bin/hi"));
        RootfsAttestation.verify(root);
    }

    /**
     * A directory link into a store object: the links inside it (a busybox's relative applet
     * links) resolve in the object, as they do in the container (they were refused as pointing
     * outside the rootfs when the host resolved them).
     */
    @Test
    void aDirectoryLinkIntoAStoreObjectFollowsTheObjectsOwnLinks() throws Exception {
        Path bin = null;
        try (var objects = Files.list(Path.of("/nix/store"))) {
            for (Path o : (Iterable<Path>) objects::iterator) {
                Path candidate = o.resolve("bin");
                if (!o.getFileName().toString().startsWith(".") && Files.isDirectory(o, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.isDirectory(candidate, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.isSymbolicLink(candidate.resolve("sh"))
                        && !Files.readSymbolicLink(candidate.resolve("sh")).isAbsolute()) {
                    bin = candidate;
                    break;
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            bin = null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(bin != null, "this host's store has no object with a relative"
                + " bin/sh link (scripts/nix-busybox-rootfs.sh builds one)");
        Files.createSymbolicLink(root.resolve("store-bin"), bin);
        RootfsManifest m = RootfsAttestation.write(root);
        String sh = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(bin.resolve("sh"))));
        assertEquals(sh, m.entries().get("store-bin/sh"));
        RootfsAttestation.verify(root);
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
