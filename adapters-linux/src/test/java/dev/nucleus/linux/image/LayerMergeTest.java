package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.jni.NativeFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's layer folded into the image layer it ran over, on real trees (root: whiteouts are
 * device nodes, opaque marks trusted.* attributes). Each case is a path of the rootfs, the image's
 * layer and the container's layer, and what the folded layer must hold for it.
 */
@Tag("root")
class LayerMergeTest {
    @TempDir
    Path dir;

    Path rootfs;
    Path image;
    Path container;

    @BeforeEach
    void threeTrees() throws Exception {
        rootfs = Files.createDirectory(dir.resolve("rootfs"));
        image = Files.createDirectory(dir.resolve("image"));
        container = Files.createDirectory(dir.resolve("container"));
    }

    static void run(String... argv) throws Exception {
        assertEquals(0, new ProcessBuilder(argv).inheritIO().start().waitFor(), String.join(" ", argv));
    }

    static Path file(Path root, String rel, String content) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    static void whiteout(Path root, String rel) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        run("mknod", p.toString(), "c", "0", "0");
    }

    static Path opaqueDirectory(Path root, String rel) throws Exception {
        Path p = Files.createDirectories(root.resolve(rel));
        run("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", p.toString());
        return p;
    }

    /** The folded layer's entries: "path" for a file (with its content), "path/" for a directory, "path (whiteout)". */
    TreeSet<String> folded() throws Exception {
        LayerMerge.fold(container, image, rootfs);
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> all = Files.walk(image)) {
            for (Path p : all.filter(p -> !p.equals(image)).toList()) {
                String rel = image.relativize(p).toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(rel + "/" + (OverlayMarks.opaque(p) ? " (opaque)" : ""));
                } else if (OverlayMarks.whiteout(p)) {
                    out.add(rel + " (whiteout)");
                } else {
                    out.add(rel + "=" + Files.readString(p));
                }
            }
        }
        return out;
    }

    @Test
    void theContainersFilesWinAndTheImagesOthersStay() throws Exception {
        file(image, "etc/motd", "image");
        file(image, "etc/keep", "image");
        file(container, "etc/motd", "container");
        file(container, "srv/new", "container");

        assertEquals(new TreeSet<>(List.of("etc/", "etc/keep=image", "etc/motd=container", "srv/", "srv/new=container")),
                folded());
    }

    @Test
    void aWhiteoutStaysOnlyWhereTheRootfsHasSomethingToHide() throws Exception {
        file(image, "etc/only-in-image", "x");
        file(rootfs, "etc/in-rootfs", "x");
        file(rootfs, "etc/in-both", "x");
        file(image, "etc/in-both", "x");
        whiteout(container, "etc/only-in-image");
        whiteout(container, "etc/in-rootfs");
        whiteout(container, "etc/in-both");
        Files.createDirectories(image.resolve("etc"));

        assertEquals(new TreeSet<>(List.of("etc/", "etc/in-both (whiteout)", "etc/in-rootfs (whiteout)")), folded());
    }

    @Test
    void anOpaqueDirectoryOfTheContainerReplacesTheImagesWhole() throws Exception {
        file(image, "cache/old", "image");
        whiteout(image, "cache/gone-from-rootfs");
        file(rootfs, "cache/gone-from-rootfs", "x");
        opaqueDirectory(container, "cache");
        file(container, "cache/new", "container");

        assertEquals(new TreeSet<>(List.of("cache/ (opaque)", "cache/new=container")), folded());
    }

    @Test
    void aMergedDirectoryHasTheContainersAttributesAndTheImagesOpaqueMark() throws Exception {
        Path inImage = opaqueDirectory(image, "srv");
        run("setfattr", "-n", "user.removed", "-v", "1", inImage.toString());
        run("setfattr", "-n", "user.changed", "-v", "old", inImage.toString());
        Path inContainer = Files.createDirectories(container.resolve("srv"));
        run("setfattr", "-n", "user.changed", "-v", "new", inContainer.toString());
        run("setfattr", "-n", "user.added", "-v", "1", inContainer.toString());
        run("chmod", "0750", inContainer.toString());

        assertEquals(new TreeSet<>(List.of("srv/ (opaque)")), folded());
        var xattrs = NativeFiles.xattrs(image.resolve("srv"));
        assertEquals(new TreeSet<>(List.of("trusted.overlay.opaque", "user.added", "user.changed")),
                new TreeSet<>(xattrs.keySet()));
        assertEquals("new", new String(xattrs.get("user.changed")));
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(image.resolve("srv"))));
    }

    @Test
    void theImagesOpaqueMarkStaysWhenTheContainerAddsToTheDirectory() throws Exception {
        opaqueDirectory(image, "cache");
        file(image, "cache/a", "image");
        file(rootfs, "cache/hidden", "x");
        file(container, "cache/b", "container");
        // the rootfs's file is hidden by the image's opaque directory: the container's whiteout of it needs no keeping
        whiteout(container, "cache/hidden");

        assertEquals(new TreeSet<>(List.of("cache/ (opaque)", "cache/a=image", "cache/b=container")), folded());
    }

    @Test
    void whatTheImageDeletedAndTheContainerMadeAgainIsTheContainers() throws Exception {
        file(rootfs, "etc/conf", "rootfs");
        whiteout(image, "etc/conf");
        file(container, "etc/conf", "container");
        Files.createDirectories(rootfs.resolve("opt/tool"));
        file(rootfs, "opt/tool/bin", "rootfs");
        whiteout(image, "opt/tool");
        opaqueDirectory(container, "opt/tool");
        file(container, "opt/tool/bin", "container");

        assertEquals(new TreeSet<>(List.of("etc/", "etc/conf=container", "opt/", "opt/tool/ (opaque)",
                "opt/tool/bin=container")), folded());
    }

    @Test
    void aFileReplacingADirectoryAndTheReverse() throws Exception {
        file(image, "data/inner", "image");
        file(image, "link", "image");
        file(container, "data", "now a file");
        Files.createDirectories(container.resolve("link"));
        opaqueDirectory(container, "link");
        file(container, "link/x", "container");

        TreeSet<String> out = folded();

        assertEquals(new TreeSet<>(List.of("data=now a file", "link/ (opaque)", "link/x=container")), out);
    }

    @Test
    void aWhiteoutBeneathARootfsLinkHidesNothing() throws Exception {
        Files.createDirectories(rootfs.resolve("usr/lib"));
        file(rootfs, "usr/lib/x", "x");
        Files.createSymbolicLink(rootfs.resolve("lib"), Path.of("usr/lib"));
        Path layer = Files.createDirectories(dir.resolve("layer/lib"));

        assertFalse(LayerMerge.visibleInRootfs(Path.of("lib/x"), layer.getParent(), rootfs),
                "overlayfs does not follow the rootfs's link");
        assertTrue(LayerMerge.visibleInRootfs(Path.of("usr/lib/x"), layer.getParent(), rootfs));
    }

    @Test
    void theCachesUserNamespaceMarksAreUndone() throws Exception {
        Path cache = opaqueDirectory(image, "cache");
        OverlayMarks.markOpaqueForUserNamespaces(image);
        assertTrue(NativeFiles.xattrs(cache).containsKey("user.overlay.opaque"));

        OverlayMarks.unmarkUserNamespaceOpaque(image);

        assertEquals(List.of("trusted.overlay.opaque"), List.copyOf(NativeFiles.xattrs(cache).keySet()));
    }
}
