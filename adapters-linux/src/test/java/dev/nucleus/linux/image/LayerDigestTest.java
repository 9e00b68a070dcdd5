package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer digest on real trees, and {@link LayerCopy} against it. Root: whiteouts, file
 * capabilities and other owners are made as overlayfs and a workload would make them.
 */
@Tag("root")
class LayerDigestTest {
    @TempDir
    Path dir;
    Path layer;

    static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
    }

    /** What a workload's layer holds: a change, a new file, a link, a deletion and an opaque directory. */
    @BeforeEach
    void layer() throws Exception {
        layer = Files.createDirectory(dir.resolve("upper"));
        Files.createDirectories(layer.resolve("etc"));
        Files.writeString(layer.resolve("etc/motd"), "changed\n");
        Files.createDirectories(layer.resolve("opt/cache"));
        Files.writeString(layer.resolve("opt/cache/b"), "new\n");
        Files.getFileAttributeView(layer.resolve("opt/cache"), UserDefinedFileAttributeView.class)
                .write("overlay.opaque", ByteBuffer.wrap("y".getBytes()));
        Files.createSymbolicLink(layer.resolve("etc/localtime"), Path.of("/usr/share/zoneinfo/UTC"));
        run("mknod", layer.resolve("etc/gone").toString(), "c", "0", "0");
        run("mkfifo", layer.resolve("fifo").toString());
    }

    @Test
    void itListsWhatTheLayerDeletesAndWhereItHidesTheRootfs() throws Exception {
        LayerDigest d = LayerDigest.of(layer);
        assertEquals(List.of("/etc/gone"), d.deletedPaths());
        assertEquals(List.of("/opt/cache"), d.opaquePaths());
        assertEquals(9, d.entries(), "the root, 3 directories, 2 files, a link, a whiteout and a fifo");
        assertEquals(12, d.bytes());
        assertEquals(d, LayerDigest.of(layer), "the same tree, the same digest");
    }

    @Test
    void everyPropertyOfEveryEntryIsInTheDigest() throws Exception {
        String before = LayerDigest.of(layer).digest();
        Path motd = layer.resolve("etc/motd");
        List<Consumer<Path>> changes = List.of(
                p -> write(p.resolve("etc/motd"), "changeD\n"),
                p -> perms(p.resolve("etc/motd"), "rwxr-xr-x"),
                p -> shell("chown", "65534:65534", p.resolve("etc/motd").toString()),
                p -> shell("chown", "-h", "65534", p.resolve("etc/localtime").toString()),
                p -> touch(p.resolve("etc/motd"), 1_000_000_000L),
                p -> shell("setcap", "cap_net_bind_service=+ep", p.resolve("etc/motd").toString()),
                p -> xattr(p.resolve("etc"), "note", "x"),
                p -> shell("ln", "-sfn", "/usr/share/zoneinfo/CET", p.resolve("etc/localtime").toString()),
                p -> shell("mv", p.resolve("etc/motd").toString(), p.resolve("etc/motd2").toString()),
                p -> shell("rm", p.resolve("etc/gone").toString()),
                p -> write(p.resolve("etc/new"), ""));
        for (int i = 0; i < changes.size(); i++) {
            Path copy = dir.resolve("copy" + i);
            LayerCopy.copy(layer, copy);
            assertEquals(before, LayerDigest.of(copy).digest(), "cp -a keeps all of it (copy " + i + ")");
            changes.get(i).accept(copy);
            assertNotEquals(before, LayerDigest.of(copy).digest(), "change " + i + " shows");
        }
        assertTrue(Files.exists(motd));
    }

    @Test
    void devicesAndMarksThatReachIntoTheRootfsAreRefused() throws Exception {
        run("mknod", layer.resolve("etc/null").toString(), "c", "1", "3");
        String device = assertThrows(ImageRefusedException.class, () -> LayerDigest.of(layer)).getMessage();
        assertTrue(device.contains("layer entry /etc/null is a device node"), device);
        Files.delete(layer.resolve("etc/null"));
        xattr(layer.resolve("opt"), "overlay.redirect", "/elsewhere");
        String redirect = assertThrows(ImageRefusedException.class, () -> LayerDigest.of(layer)).getMessage();
        assertTrue(redirect.contains("layer entry /opt carries overlayfs's user.overlay.redirect mark"), redirect);
    }

    @Test
    void aCopyIsRemovedWholeWithoutFollowingLinks() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside"), "kept");
        Files.createSymbolicLink(layer.resolve("escape"), outside);
        Path copy = dir.resolve("copy");
        LayerCopy.copy(layer, copy);
        LayerCopy.remove(copy);
        assertTrue(Files.notExists(copy, LinkOption.NOFOLLOW_LINKS));
        assertEquals("kept", Files.readString(outside));
        java.io.IOException exists = assertThrows(java.io.IOException.class, () -> LayerCopy.copy(dir.resolve("absent"),
                dir.resolve("copy2")));
        assertTrue(exists.getMessage().contains("cp exit 1"), exists.getMessage());
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void perms(Path p, String mode) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void touch(Path p, long seconds) {
        try {
            Files.setLastModifiedTime(p, FileTime.fromMillis(seconds * 1000));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void xattr(Path p, String name, String value) {
        try {
            Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .write(name, ByteBuffer.wrap(value.getBytes()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void shell(String... argv) {
        try {
            run(argv);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
