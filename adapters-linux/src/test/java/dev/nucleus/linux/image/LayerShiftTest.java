package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.value.IdMapping;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer's copy given to a user namespace, on real files (root: it changes owners). */
@Tag("root")
class LayerShiftTest {
    private static final List<IdMapping> MAP = List.of(new IdMapping(0, 100000, 65536));

    @TempDir
    Path dir;

    static int uid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static int gid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static void run(String... argv) throws Exception {
        assertEquals(0, new ProcessBuilder(argv).inheritIO().start().waitFor(), String.join(" ", argv));
    }

    @Test
    void ownersMoveThroughTheMapsAndModesMarksAndWhiteoutsStay() throws Exception {
        Path layer = Files.createDirectory(dir.resolve("layer"));
        Path tool = Files.writeString(layer.resolve("tool"), "x");
        run("chown", "1000:50", tool.toString());
        run("chmod", "4755", tool.toString());
        Path opaque = Files.createDirectory(layer.resolve("cache"));
        run("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", opaque.toString());
        Path link = Files.createSymbolicLink(layer.resolve("link"), Path.of("tool"));
        run("mknod", layer.resolve("gone").toString(), "c", "0", "0");
        run("mkfifo", layer.resolve("fifo").toString());

        LayerShift.apply(layer, MAP, MAP);

        assertEquals(101000, uid(tool));
        assertEquals(100050, gid(tool));
        assertEquals(04755, mode(tool), "set-user-ID survives the change of owner");
        assertEquals(100000, uid(layer));
        assertEquals(100000, uid(link), "the link itself, not its target");
        assertEquals(100000, uid(layer.resolve("gone")));
        assertEquals(100000, uid(layer.resolve("fifo")));
        var view = Files.getFileAttributeView(opaque, UserDefinedFileAttributeView.class);
        ByteBuffer mark = ByteBuffer.allocate(8);
        view.read("overlay.opaque", mark);
        assertEquals("y", new String(mark.array(), 0, mark.position()));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void anOwnerTheMapsDoNotCoverIsRefused() throws Exception {
        Path layer = Files.createDirectory(dir.resolve("layer"));
        Path file = Files.writeString(layer.resolve("far"), "x");
        run("chown", "70000", file.toString());
        String message = assertThrows(ImageRefusedException.class, () -> LayerShift.apply(layer, MAP, MAP))
                .getMessage();
        assertEquals("layer entry /far is owned by uid 70000, which the container's user namespace does not map",
                message);
    }
}
