package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The d_type walks on real trees: every kind of entry the kernel can put in a directory. */
class NativeTreeTest {
    @TempDir
    Path tmp;

    private Path plainTree() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tmp.resolve("tree/top.txt"), "top\n");
        Files.writeString(root.resolve("deep.txt"), "deep\n");
        Files.createDirectories(tmp.resolve("tree/empty"));
        Files.writeString(tmp.resolve("tree/ünïcode name"), "x");
        return tmp.resolve("tree");
    }

    @Test
    void aTreeOfDirectoriesAndFilesIsPlain() throws IOException {
        assertEquals(Optional.empty(), NativeTree.firstNotPlain(plainTree().toString(), 128));
    }

    @Test
    void aSymlinkIsFoundWithItsPathEvenWhenItPointsAtADirectory() throws IOException {
        Path root = plainTree();
        Files.createSymbolicLink(root.resolve("a/b/up"), root);
        assertEquals(Optional.of(new NativeTree.Offender(NativeTree.Kind.SYMLINK, "a/b/up")),
                NativeTree.firstNotPlain(root.toString(), 128));
    }

    @Test
    void aSocketIsFound() throws IOException {
        Path root = plainTree();
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(root.resolve("a/ünïcode.sock")));
            assertEquals(Optional.of(new NativeTree.Offender(NativeTree.Kind.SOCKET, "a/ünïcode.sock")),
                    NativeTree.firstNotPlain(root.toString(), 128));
        }
    }

    @Test
    void aFifoIsFound() throws Exception {
        Path root = plainTree();
        run("mkfifo", root.resolve("a/b/pipe").toString());
        assertEquals(new NativeTree.Offender(NativeTree.Kind.FIFO, "a/b/pipe"),
                NativeTree.firstNotPlain(root.toString(), 128).orElseThrow());
    }

    @Test
    @Tag("root")
    void aDeviceNodeIsFound() throws Exception {
        Path root = plainTree();
        run("mknod", root.resolve("a/null").toString(), "c", "1", "3");
        assertEquals(new NativeTree.Offender(NativeTree.Kind.CHAR_DEVICE, "a/null"),
                NativeTree.firstNotPlain(root.toString(), 128).orElseThrow());
    }

    @Test
    void anEntryBelowTheDepthLimitIsAnOffenderButAnEmptyDirectoryAtTheLimitIsNot() throws IOException {
        Path root = plainTree(); // deepest entry: a/b/deep.txt, level 3
        assertEquals(Optional.empty(), NativeTree.firstNotPlain(root.toString(), 3));
        Optional<NativeTree.Offender> tooDeep = NativeTree.firstNotPlain(root.toString(), 2);
        assertEquals(NativeTree.Kind.TOO_DEEP, tooDeep.orElseThrow().kind());
        assertEquals("a/b/deep.txt", tooDeep.get().relativePath());
    }

    @Test
    void aMissingRootIsAnError() {
        NativeShimException e = assertThrows(NativeShimException.class,
                () -> NativeTree.firstNotPlain(tmp.resolve("missing").toString(), 128));
        assertEquals(2, e.errno(), e.getMessage());
    }

    @Test
    void removeTakesTheWholeTreeAndNothingASymlinkPointsAt() throws IOException {
        Path root = plainTree();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep\n");
        Files.createSymbolicLink(root.resolve("a/to-outside"), outside);
        Files.createSymbolicLink(root.resolve("a/b/to-file"), outside.resolve("keep.txt"));
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(root.resolve("a/b/s.sock")));
        }

        NativeTree.removeTree(root.toString());

        assertFalse(Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep\n", Files.readString(outside.resolve("keep.txt")));
        NativeTree.removeTree(root.toString()); // a missing tree is not an error
    }

    @Test
    @Tag("root")
    void removeStopsAtAFileSystemMountedInside() throws Exception {
        Path root = plainTree();
        Path mounted = root.resolve("a/b");
        run("mount", "-t", "tmpfs", "tmpfs", mounted.toString());
        try {
            Files.writeString(mounted.resolve("on-the-mount.txt"), "keep\n");
            NativeShimException e = assertThrows(NativeShimException.class, () -> NativeTree.removeTree(root.toString()));
            assertEquals(18, e.errno(), e.getMessage()); // EXDEV
            assertEquals("keep\n", Files.readString(mounted.resolve("on-the-mount.txt")));
        } finally {
            run("umount", mounted.toString());
        }
        NativeTree.removeTree(root.toString());
        assertFalse(Files.exists(root));
    }

    /**
     * Four removers of one tree at once (a container's runtime cleaning up while `rm` runs): an
     * entry another took first is skipped, none fails, and nothing is left.
     */
    @Test
    void removersOfOneTreeAtOnceAllSucceedAndLeaveNothing() throws Exception {
        for (int round = 0; round < 10; round++) {
            Path root = tmp.resolve("race-" + round);
            for (int i = 0; i < 100; i++) {
                Files.createDirectories(root.resolve("d" + i).resolve("inner").resolve("deeper"));
                Files.writeString(root.resolve("d" + i).resolve("inner").resolve("f"), "x");
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<Object>> removers = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    removers.add(pool.submit(() -> {
                        go.await();
                        NativeTree.removeTree(root.toString());
                        return null;
                    }));
                }
                go.countDown();
                for (java.util.concurrent.Future<Object> f : removers) {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS); // throws if that remover failed
                }
            } finally {
                pool.shutdownNow();
            }
            assertFalse(Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS), "round " + round + " left " + root);
        }
    }

    @Test
    void removeRefusesToStartAtASymlink() throws IOException {
        Path outside = plainTree();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), outside);
        assertThrows(NativeShimException.class, () -> NativeTree.removeTree(link.toString()));
        assertTrue(Files.exists(outside.resolve("a/b/deep.txt")));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }

    @Test
    void aListingHoldsDirectoriesBeforeTheirContentsAndNoSymlinkOrSocket() throws IOException {
        Path root = plainTree();
        Files.createSymbolicLink(root.resolve("a/link"), root.resolve("top.txt"));
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(root.resolve("a/b/s.sock")));
            java.util.List<NativeTree.Entry> entries = NativeTree.list(root.toString(), 128).entries();
            assertEquals(java.util.Set.of(new NativeTree.Entry(true, "a"), new NativeTree.Entry(true, "a/b"),
                    new NativeTree.Entry(false, "a/b/deep.txt"), new NativeTree.Entry(false, "top.txt"),
                    new NativeTree.Entry(true, "empty"), new NativeTree.Entry(false, "ünïcode name")),
                    java.util.Set.copyOf(entries));
            assertEquals(6, entries.size());
            assertTrue(entries.indexOf(new NativeTree.Entry(true, "a")) < entries.indexOf(new NativeTree.Entry(true, "a/b")));
            assertTrue(entries.indexOf(new NativeTree.Entry(true, "a/b"))
                    < entries.indexOf(new NativeTree.Entry(false, "a/b/deep.txt")));
        }
        assertEquals(java.util.List.of(new NativeTree.Entry(true, "a")),
                NativeTree.list(root.toString(), 1).entries().stream().filter(e -> e.relativePath().startsWith("a"))
                        .toList(), "nothing below the depth limit");
    }

    @Test
    void aCopyTakesTheKeptEntriesWithTheirPermissionsButNoSetIdBit() throws IOException {
        Path root = plainTree();
        Files.setPosixFilePermissions(root.resolve("top.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Files.write(root.resolve("a/big.bin"), new byte[3 * 1024 * 1024 + 17]);
        Files.setAttribute(root.resolve("a/big.bin"), "unix:mode", 04755);
        Path target = Files.createDirectories(tmp.resolve("copy"));
        NativeTree.Listing listing = NativeTree.list(root.toString(), 128);
        boolean[] keep = new boolean[listing.entries().size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = !listing.entries().get(i).relativePath().equals("empty");
        }

        NativeTree.copy(root.toString(), target.toString(), listing, keep);

        assertEquals("deep\n", Files.readString(target.resolve("a/b/deep.txt")));
        assertEquals("x", Files.readString(target.resolve("ünïcode name")));
        assertEquals(java.util.Arrays.hashCode(Files.readAllBytes(root.resolve("a/big.bin"))),
                java.util.Arrays.hashCode(Files.readAllBytes(target.resolve("a/big.bin"))));
        assertEquals(0640, (int) Files.getAttribute(target.resolve("top.txt"), "unix:mode") & 07777);
        assertEquals(0755 & ~umask(), (int) Files.getAttribute(target.resolve("a/big.bin"), "unix:mode") & 07777);
        assertFalse(Files.exists(target.resolve("empty")), "an entry not kept is not copied");
    }

    @Test
    void aFileTurnedIntoASymlinkAfterTheListingIsSkippedNotFollowed() throws IOException {
        Path root = plainTree();
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "host secret\n");
        NativeTree.Listing listing = NativeTree.list(root.toString(), 128);
        Files.delete(root.resolve("a/b/deep.txt"));
        Files.createSymbolicLink(root.resolve("a/b/deep.txt"), secret);
        Files.delete(root.resolve("top.txt"));
        Path target = Files.createDirectories(tmp.resolve("copy"));
        boolean[] all = new boolean[listing.entries().size()];
        java.util.Arrays.fill(all, true);

        NativeTree.copy(root.toString(), target.toString(), listing, all);

        assertFalse(Files.exists(target.resolve("a/b/deep.txt"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(target.resolve("top.txt")), "a vanished file is skipped");
        assertTrue(Files.isDirectory(target.resolve("a/b")));
    }

    private static int umask() throws IOException {
        return Integer.parseInt(new String(new ProcessBuilder("sh", "-c", "umask").start().getInputStream()
                .readAllBytes()).trim(), 8);
    }
}
