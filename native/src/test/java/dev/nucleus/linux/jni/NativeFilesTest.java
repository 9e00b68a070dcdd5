package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NativeFiles#replace} on a real file system. */
class NativeFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesAnExistingFileAndLeavesNothingAtTheSource() throws IOException {
        Path target = Files.writeString(dir.resolve("state.json"), "old");
        Path source = Files.writeString(dir.resolve("state.json.tmp"), "new");
        long inode = (long) Files.getAttribute(source, "unix:ino");
        NativeFiles.replace(source, target);
        assertEquals("new", Files.readString(target));
        assertEquals(inode, (long) Files.getAttribute(target, "unix:ino"), "the new file itself took the name");
        assertFalse(Files.exists(source), "the old file is unlinked");
    }

    @Test
    void renamesWhereThereIsNoTargetYet() throws IOException {
        Path source = Files.writeString(dir.resolve("state.json.tmp"), "first");
        NativeFiles.replace(source, dir.resolve("state.json"));
        assertEquals("first", Files.readString(dir.resolve("state.json")));
        assertFalse(Files.exists(source));
    }

    @Test
    void aMissingSourceIsAnIoErrorNamingTheTarget() {
        Path target = dir.resolve("state.json");
        IOException e = assertThrows(IOException.class, () -> NativeFiles.replace(dir.resolve("gone"), target));
        assertTrue(e.getMessage().startsWith("replacing " + target + ": rename"), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    /** A reader that keeps opening the target while it is replaced never finds it missing or torn. */
    @Test
    void aConcurrentReaderAlwaysSeesAWholeFile() throws Exception {
        Path target = Files.writeString(dir.resolve("state.json"), "v0".repeat(500));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> bad = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get() && bad.get() == null) {
                try {
                    String s = Files.readString(target);
                    if (s.length() != 1000) {
                        bad.set("torn: " + s.length() + " chars");
                    }
                } catch (IOException e) {
                    bad.set(e.toString());
                }
            }
        });
        for (int i = 1; i <= 2000 && bad.get() == null; i++) {
            Path source = Files.writeString(dir.resolve("state.json.tmp"), ("v" + (i % 10)).repeat(500));
            NativeFiles.replace(source, target);
        }
        done.set(true);
        reader.join();
        assertEquals(null, bad.get());
    }

    @Test
    void hashesByteArraysAsTheJdkDoesAcrossEveryPaddingBoundary() throws Exception {
        java.util.Random random = new java.util.Random(7);
        int[] lengths = {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 333, 4096, 1_000_003};
        for (int length : lengths) {
            byte[] content = new byte[length];
            random.nextBytes(content);
            byte[] copy = content.clone();
            byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(content);
            assertEquals(java.util.HexFormat.of().formatHex(expected),
                    java.util.HexFormat.of().formatHex(NativeFiles.sha256(content)), "length " + length);
            assertTrue(java.util.Arrays.equals(copy, content), "the input is left as it was");
        }
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                java.util.HexFormat.of().formatHex(NativeFiles.sha256("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    }

    @Test
    void hashesAsTheJdkDoesAcrossEveryPaddingBoundaryAndBigReads() throws Exception {
        java.util.Random random = new java.util.Random(42);
        // Lengths around the 55/56/64-byte padding edges, the 128 KiB read size, and a 3 MB file.
        int[] lengths = {0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, (1 << 17) - 1, 1 << 17,
            (1 << 17) + 1, 3_000_017};
        for (int length : lengths) {
            byte[] content = new byte[length];
            random.nextBytes(content);
            Path file = Files.write(dir.resolve("f" + length), content);
            byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(content);
            assertEquals(java.util.HexFormat.of().formatHex(expected),
                    java.util.HexFormat.of().formatHex(NativeFiles.sha256(file)), "length " + length);
        }
        // And one known answer: FIPS 180-2's "abc".
        Path abc = Files.writeString(dir.resolve("abc"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                java.util.HexFormat.of().formatHex(NativeFiles.sha256(abc)));
    }

    @Test
    void aFileThatCannotBeReadIsNamed() {
        IOException missing = assertThrows(IOException.class, () -> NativeFiles.sha256(dir.resolve("absent")));
        assertTrue(missing.getMessage().contains("absent") && missing.getMessage().contains("No such file"),
                missing.getMessage());
        IOException directory = assertThrows(IOException.class, () -> NativeFiles.sha256(dir));
        assertTrue(directory.getMessage().contains("Is a directory"), directory.getMessage());
    }

    @Test
    void listsADirectoryWithWhereEachLinkLeadsInsideTheContainer() throws Exception {
        Path real = dir.toRealPath();
        Files.writeString(dir.resolve("file"), "x");
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("to-file"), Path.of("file"));
        Files.createSymbolicLink(dir.resolve("to-sub"), Path.of("/sub"));          // absolute: against the rootfs
        Files.createSymbolicLink(dir.resolve("nowhere"), Path.of("missing"));
        Files.createSymbolicLink(dir.resolve("host-etc"), Path.of("/etc"));        // the rootfs has none: dangles
        Files.createSymbolicLink(dir.resolve("up"), Path.of("../../../sub/../.."));  // ".." stops at the top
        Files.createSymbolicLink(dir.resolve("sub/back"), Path.of("../to-file"));  // a chain, from sub
        Files.createSymbolicLink(dir.resolve("file-dir"), Path.of("file/."));      // a file is no directory
        Process fifo = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
        assertEquals(0, fifo.waitFor());
        Files.createSymbolicLink(dir.resolve("to-pipe"), Path.of("/pipe"));
        NativeFiles.Listing listing = NativeFiles.entries(real, real, "/");
        assertEquals(real.toString(), listing.real());
        java.util.Map<String, NativeFiles.Entry> byName = new java.util.TreeMap<>();
        listing.entries().forEach(e -> byName.put(e.name(), e));
        assertEquals(java.util.Set.of("file", "sub", "to-file", "to-sub", "nowhere", "host-etc", "up", "file-dir",
                "pipe", "to-pipe"), byName.keySet());
        assertEquals(new NativeFiles.Entry('f', "file", "", "", "", '-'), byName.get("file"));
        assertEquals(new NativeFiles.Entry('d', "sub", "", "", "", '-'), byName.get("sub"));
        assertEquals(new NativeFiles.Entry('l', "to-file", "file", "/file", real + "/file", 'f'), byName.get("to-file"));
        assertEquals(new NativeFiles.Entry('l', "to-sub", "/sub", "/sub", real + "/sub", 'd'), byName.get("to-sub"));
        assertEquals(new NativeFiles.Entry('l', "up", "../../../sub/../..", "/", real.toString(), 'd'), byName.get("up"));
        assertTrue(byName.get("nowhere").dangles() && byName.get("nowhere").text().equals("missing"));
        assertTrue(byName.get("host-etc").dangles(), "never the host's /etc: " + byName.get("host-etc"));
        assertTrue(byName.get("file-dir").dangles(), byName.get("file-dir").toString());
        assertEquals('o', byName.get("to-pipe").targetKind(), "a fifo is neither file nor directory");

        NativeFiles.Entry back = NativeFiles.entries(real, real.resolve("sub"), "/sub").entries().getFirst();
        assertEquals(new NativeFiles.Entry('l', "back", "../to-file", "/file", real + "/file", 'f'), back);
    }

    @Test
    void aStorePathLeadsToTheHostsStoreObjectAndNothingElseOfTheHost() throws IOException {
        Path real = dir.toRealPath();
        Path object;
        try (var objects = Files.list(Path.of("/nix/store"))) {
            object = objects.filter(o -> Files.isDirectory(o, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !o.getFileName().toString().startsWith(".")).findFirst().orElse(null);
        } catch (java.nio.file.NoSuchFileException e) {
            object = null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(object != null, "this host has no /nix/store object to reach");
        Files.createSymbolicLink(dir.resolve("obj"), object);
        Files.createSymbolicLink(dir.resolve("climb"), Path.of("../nix/store/" + object.getFileName()));
        Files.createSymbolicLink(dir.resolve("store"), Path.of("/nix/store"));               // the runtime's
        Files.createSymbolicLink(dir.resolve("not-an-object"), Path.of("/nix/store/etc"));   // in the rootfs
        Files.createSymbolicLink(dir.resolve("absent"), Path.of("/nix/store/00000000000000000000000000000000-x"));
        java.util.Map<String, NativeFiles.Entry> byName = new java.util.TreeMap<>();
        NativeFiles.entries(real, real, "/").entries().forEach(e -> byName.put(e.name(), e));
        assertEquals(new NativeFiles.Entry('l', "obj", object.toString(), object.toString(), object.toString(), 'd'),
                byName.get("obj"));
        assertEquals(object.toString(), byName.get("climb").target(), "a relative climb reaches the store too");
        assertTrue(byName.get("store").dangles(), byName.get("store").toString());
        assertTrue(byName.get("not-an-object").dangles(), byName.get("not-an-object").toString());
        assertTrue(byName.get("absent").dangles(), byName.get("absent").toString());
    }

    /** What a walk reached is read following no link: one swapped in since fails, never leads to the host. */
    @Test
    void aReachedPathIsReadWithoutFollowingLinks() throws IOException {
        Path real = dir.toRealPath();
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/file"), "x");
        assertArrayEquals(NativeFiles.sha256(dir.resolve("sub/file")), NativeFiles.sha256Reached(real,
                real.resolve("sub/file")));
        Path host = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-host"));
        try {
            Files.writeString(host.resolve("file"), "host");
            Files.move(dir.resolve("sub"), dir.resolve("old"));
            Files.createSymbolicLink(dir.resolve("sub"), host);
            IOException swapped = assertThrows(IOException.class, () -> NativeFiles.sha256Reached(real,
                    real.resolve("sub/file")));
            assertTrue(swapped.getMessage().contains("Too many levels of symbolic links"), swapped.getMessage());
            assertThrows(IOException.class, () -> NativeFiles.entries(real, real.resolve("sub"), "/sub"));
            IOException elsewhere = assertThrows(IOException.class, () -> NativeFiles.sha256Reached(real,
                    host.resolve("file")));
            assertTrue(elsewhere.getMessage().contains("Invalid cross-device link"), elsewhere.getMessage());
        } finally {
            Files.delete(host.resolve("file"));
            Files.delete(host);
        }
    }

    @Test
    void aLinkLoopDanglesAndAMissingDirectoryIsAnError() throws IOException {
        Path real = dir.toRealPath();
        Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("/a"));
        NativeFiles.Listing listing = NativeFiles.entries(real, real, "/");
        assertTrue(listing.entries().stream().allMatch(NativeFiles.Entry::dangles), listing.toString());
        IOException missing = assertThrows(IOException.class, () -> NativeFiles.entries(real, dir.resolve("absent"),
                "/absent"));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
    }

    @Test
    void extendedAttributesAreReadInEveryNamespaceWithoutFollowingLinks() throws Exception {
        Path file = Files.writeString(dir.resolve("tool"), "#!/bin/sh\n");
        var view = Files.getFileAttributeView(file, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        view.write("nucleus.b", java.nio.ByteBuffer.wrap(new byte[]{0, 1, 2}));
        view.write("nucleus.a", java.nio.ByteBuffer.wrap(new byte[0]));
        // A file capability is a security.* attribute the JDK cannot read (setcap, as root).
        Process setcap = new ProcessBuilder("setcap", "cap_net_bind_service=+ep", file.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, setcap.waitFor(), new String(setcap.getInputStream().readAllBytes()));
        Path link = Files.createSymbolicLink(dir.resolve("link"), file.getFileName());

        var xattrs = NativeFiles.xattrs(file);
        assertEquals(java.util.List.of("security.capability", "user.nucleus.a", "user.nucleus.b"),
                java.util.List.copyOf(xattrs.keySet()), "in byte order");
        assertEquals(0, xattrs.get("user.nucleus.a").length);
        assertTrue(java.util.Arrays.equals(new byte[]{0, 1, 2}, xattrs.get("user.nucleus.b")));
        assertEquals(20, xattrs.get("security.capability").length, "a VFS_CAP_REVISION_2 capability");
        assertTrue(NativeFiles.xattrs(link).isEmpty(), "the link's own, not its target's");
        IOException missing = assertThrows(IOException.class, () -> NativeFiles.xattrs(dir.resolve("absent")));
        assertTrue(missing.getMessage().contains("absent") && missing.getMessage().contains("No such file"),
                missing.getMessage());

        NativeFiles.removeXattr(file, "security.capability");
        NativeFiles.removeXattr(file, "user.nucleus.b");
        NativeFiles.removeXattr(file, "user.nucleus.never-set");
        assertEquals(java.util.List.of("user.nucleus.a"), java.util.List.copyOf(NativeFiles.xattrs(file).keySet()),
                "removed, and one that was never there is no error");
        IOException gone = assertThrows(IOException.class, () -> NativeFiles.removeXattr(dir.resolve("absent"), "user.x"));
        assertTrue(gone.getMessage().startsWith("removing user.x of " + dir.resolve("absent")), gone.getMessage());
    }

    @Test
    void lstatGivesTheJdksModeAndDeviceWithoutFollowingALink() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("l"), file);
        for (Path p : new Path[]{dir, file, link}) {
            var jdk = Files.readAttributes(p, "unix:mode,dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            NativeFiles.Lstat st = NativeFiles.lstat(p);
            assertEquals((int) jdk.get("mode"), st.mode(), p.toString());
            assertEquals((long) jdk.get("dev"), st.device(), p.toString());
        }
        assertEquals(0120000, NativeFiles.lstat(link).mode() & 0170000, "the link itself");
        var proc = Files.readAttributes(Path.of("/proc/self"), "unix:dev", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertEquals((long) proc.get("dev"), NativeFiles.lstat(Path.of("/proc/self")).device(), "another device");
    }

    @Test
    void lstatIfPresentAnswersAsLstatAndNullWhereLstatThrows() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("l"), dir.resolve("none"));
        for (Path p : List.of(dir, file, link, Path.of("/proc/self"))) {
            assertEquals(NativeFiles.lstat(p), NativeFiles.lstatIfPresent(p), p.toString());
        }
        assertNull(NativeFiles.lstatIfPresent(dir.resolve("none")), "nothing there");
        assertNull(NativeFiles.lstatIfPresent(file.resolve("below")), "not a directory");
        assertNull(NativeFiles.lstatIfPresent(Path.of("/" + "x".repeat(5000))), "too long for the kernel");
        assertTrue(NativeFiles.exists(link), "a dangling link is there");
        assertFalse(NativeFiles.exists(dir.resolve("none")));
        assertFalse(NativeFiles.isDirectory(file));
        assertTrue(NativeFiles.isDirectory(dir));
    }

    @Test
    void lstatOfNothingIsNoSuchFile() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> NativeFiles.lstat(dir.resolve("none")));
    }

    @Test
    void readsAndWritesARegularFileWithoutFollowingALinkOrWaitingOnAFifo() throws Exception {
        Path file = Files.writeString(dir.resolve("memory.max"), "old value\n");
        assertEquals(3, NativeFiles.writeNoFollow(file, "max".getBytes()));
        assertEquals("max", new String(NativeFiles.readNoFollow(file)), "truncated, then written");
        String big = "0123456789abcdef".repeat(2000); // 32 KB: past the first buffer
        Files.writeString(file, big);
        assertEquals(big, new String(NativeFiles.readNoFollow(file)));
        assertArrayEquals(new byte[0], NativeFiles.readNoFollow(Files.createFile(dir.resolve("empty"))));

        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        java.nio.file.FileSystemException viaLink = assertThrows(java.nio.file.FileSystemException.class,
                () -> NativeFiles.readNoFollow(link));
        assertTrue(viaLink.getReason().contains("symbolic links"), viaLink.getReason());
        assertThrows(java.nio.file.FileSystemException.class, () -> NativeFiles.writeNoFollow(link, new byte[1]));
        assertEquals(big, Files.readString(file), "not written through the link");

        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        java.nio.file.FileSystemException notRegular = assertThrows(java.nio.file.FileSystemException.class,
                () -> NativeFiles.readNoFollow(fifo));
        assertEquals("Invalid argument", notRegular.getReason());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> NativeFiles.readNoFollow(dir.resolve("none")));
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> NativeFiles.writeNoFollow(dir.resolve("none"), new byte[1]));
        assertFalse(Files.exists(dir.resolve("none")), "never created");
    }

    @Test
    void makesAndRemovesDirectoriesAsTheJdkDoesAndCountsLinks() throws IOException {
        Path made = dir.resolve("made");
        NativeFiles.mkdir(made, 0700);
        assertTrue(NativeFiles.isDirectory(made));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        assertEquals(2, NativeFiles.lstat(made).links(), "a directory without subdirectories");
        NativeFiles.mkdir(made.resolve("sub"), 0755);
        assertEquals(3, NativeFiles.lstat(made).links());
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> NativeFiles.mkdir(made, 0700));
        assertThrows(java.nio.file.DirectoryNotEmptyException.class, () -> NativeFiles.rmdir(made));
        assertThrows(NoSuchFileException.class, () -> NativeFiles.mkdir(dir.resolve("no/such"), 0700));
        NativeFiles.rmdir(made.resolve("sub"));
        NativeFiles.rmdir(made);
        assertFalse(Files.exists(made));
        assertThrows(NoSuchFileException.class, () -> NativeFiles.rmdir(made));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
        assertFalse(NativeFiles.isDirectory(link), "a link to a directory is no directory");
        assertFalse(NativeFiles.isDirectory(dir.resolve("none")));
    }

    @Test
    void deletesAFileOrALinkItselfAndSaysWhetherAnythingWasThere() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("l"), file);
        assertTrue(NativeFiles.deleteIfExists(link));
        assertTrue(Files.exists(file), "the link went, not what it points at");
        assertTrue(NativeFiles.deleteIfExists(file));
        assertFalse(Files.exists(file));
        assertFalse(NativeFiles.deleteIfExists(file), "nothing there");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThrows(java.nio.file.FileSystemException.class, () -> NativeFiles.deleteIfExists(sub),
                "a directory is not unlinked");
        assertTrue(Files.isDirectory(sub));
    }
}
