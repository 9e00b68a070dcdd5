package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An idmapped, detached copy of a mount, as root makes it for an overlay's lower layer. */
@Tag("root")
class NativeMountsTest {
    @TempDir
    Path tmp;

    /**
     * Seen through the copy, a root-owned file is owned by the id the maps give container root
     * (100000), and the copy is read-only; the directory itself is untouched.
     */
    @Test
    void theCopyShowsFilesOwnedAsTheMapsSayAndIsReadOnly() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(dir.resolve("motd"), "hi\n");
        int tree = NativeMounts.idmappedTree(tmp.resolve("rootfs").toString(), "0 100000 65536\n",
                "0 100000 65536\n");
        try {
            Path through = Path.of("/proc/self/fd/" + tree);
            assertEquals(100000, Files.getAttribute(through.resolve("etc/motd"), "unix:uid"));
            assertEquals(100000, Files.getAttribute(through.resolve("etc/motd"), "unix:gid"));
            assertEquals("hi\n", Files.readString(through.resolve("etc/motd")));
            FileSystemException refused = assertThrows(FileSystemException.class,
                    () -> Files.writeString(through.resolve("etc/new"), "x"));
            assertTrue(refused.getMessage().contains("Read-only file system")
                    || refused instanceof AccessDeniedException, refused.toString());
        } finally {
            NativeShim.close(tree);
        }
        assertEquals(0, Files.getAttribute(dir.resolve("motd"), "unix:uid"));
        assertTrue(Files.notExists(dir.resolve("new")));
    }

    @Test
    void aPathThatIsNotThereIsNamed() {
        NativeShimException e = assertThrows(NativeShimException.class, () -> NativeMounts.idmappedTree(
                tmp.resolve("nothing").toString(), "0 100000 65536\n", "0 100000 65536\n"));
        assertTrue(e.getMessage().contains("open_tree(" + tmp.resolve("nothing") + ", OPEN_TREE_CLONE)"), e.getMessage());
    }

    @Test
    void aMapTheKernelRefusesIsNamed() {
        NativeShimException e = assertThrows(NativeShimException.class, () -> NativeMounts.idmappedTree(
                tmp.toString(), "not a map\n", "0 100000 65536\n"));
        assertTrue(e.getMessage().contains("write uid_map"), e.getMessage());
    }
}
