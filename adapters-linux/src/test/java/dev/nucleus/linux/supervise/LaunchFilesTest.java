package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchFilesTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final byte[] DOC = "{\"version\":1,\"secret_env\":[{\"key\":\"K\",\"value\":\"v\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Path base;
    long uid;

    @BeforeEach
    void setUp() throws IOException {
        base = tmp.resolve("state");
        uid = ((Integer) Files.getAttribute(tmp, "unix:uid")).longValue(); // the test's own uid (root in CI)
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** {@code <base>/.launch}, 0700, as write() makes it. */
    private Path launchDir() throws IOException {
        Path dir = Files.createDirectories(base.resolve(LaunchFiles.DIRECTORY));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    private Path document(String mode) throws IOException {
        Path dir = launchDir();
        Path file = Files.write(dir.resolve(ID + ".json"), DOC);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static UserPrincipal uid(int n) throws IOException {
        return java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(Integer.toString(n));
    }

    @Test
    void writeMakesA0600FileInA0700Directory() throws IOException {
        Path file = LaunchFiles.write(base, ID, DOC);
        assertEquals(base.resolve(".launch").resolve(ID + ".json"), file);
        assertArrayEquals(DOC, Files.readAllBytes(file));
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(file.getParent()));
        assertEquals(uid, ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue());
        assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void writeTightensAnExistingDirectory() throws IOException {
        Path dir = Files.createDirectories(base.resolve(".launch"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        LaunchFiles.write(base, ID, DOC);
        assertEquals("rwx------", mode(dir));
        assertTrue(Files.exists(dir.resolve(ID + ".json")));
        LaunchFiles.write(base, "fedcba9876543210fedcba9876543210", DOC);
        assertEquals(2, dir.toFile().list().length);
    }

    @Test
    void writeNeverReplacesAnExistingFile() throws IOException {
        Path file = LaunchFiles.write(base, ID, DOC);
        assertThrows(FileAlreadyExistsException.class, () -> LaunchFiles.write(base, ID, "other".getBytes()));
        assertArrayEquals(DOC, Files.readAllBytes(file));
    }

    @Test
    void writeDoesNotFollowASymlinkAtTheDocumentsPath() throws IOException {
        Path target = Files.writeString(tmp.resolve("target"), "precious");
        Path dir = Files.createDirectories(base.resolve(".launch"));
        Files.createSymbolicLink(dir.resolve(ID + ".json"), target);
        assertThrows(FileAlreadyExistsException.class, () -> LaunchFiles.write(base, ID, DOC));
        assertEquals("precious", Files.readString(target));
    }

    @Test
    void writeDoesNotFollowASymlinkedLaunchDirectory() throws IOException {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(base);
        Files.createSymbolicLink(base.resolve(".launch"), elsewhere);
        IOException e = assertThrows(IOException.class, () -> LaunchFiles.write(base, ID, DOC));
        assertTrue(e.getMessage().contains(".launch"), e.getMessage());
        assertEquals(0, elsewhere.toFile().list().length, "no secret document was written through the link");
        assertEquals("rwxr-xr-x", mode(elsewhere), "nor was the link's target chmod-ed");
    }

    @Test
    void takeReturnsTheDocumentAndDeletesIt() throws IOException {
        Path file = LaunchFiles.write(base, ID, DOC);
        assertArrayEquals(DOC, LaunchFiles.take(file, uid));
        assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS));
        assertThrows(IOException.class, () -> LaunchFiles.take(file, uid), "a document is taken once");
    }

    @Test
    void takeOfAnEmptyAndOfALargerDocument() throws IOException {
        Path empty = LaunchFiles.write(base, ID, new byte[0]);
        assertArrayEquals(new byte[0], LaunchFiles.take(empty, uid));
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Path file = LaunchFiles.write(base, ID, big);
        assertArrayEquals(big, LaunchFiles.take(file, uid));
        assertFalse(Files.exists(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"r--------", "rw-------", "rwx------"})
    void takeAcceptsAFileOnlyItsOwnerCanRead(String mode) throws IOException {
        Path file = document(mode);
        assertArrayEquals(DOC, LaunchFiles.take(file, uid));
        assertFalse(Files.exists(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw-----w-", "rw--w----", "rw------x", "rw-rw-rw-"})
    void takeRefusesAFileOthersMayTouchAndLeavesItAlone(String mode) throws IOException {
        Path file = document(mode);
        IOException e = assertThrows(IOException.class, () -> LaunchFiles.take(file, uid));
        String octal = Integer.toOctalString((Integer) Files.getAttribute(file, "unix:mode") & 0777);
        assertEquals(file + ": must be owned by uid " + uid + " with mode 0600 (it is uid " + uid + ", mode " + octal + ")",
                e.getMessage());
        assertTrue(Files.exists(file), "a file that is not a launch document of ours is not deleted");
        assertArrayEquals(DOC, Files.readAllBytes(file));
    }

    @Test
    void takeRefusesAFileOwnedByAnotherUid() throws IOException {
        assumeTrue(uid == 0, "chown needs root");
        Path file = document("rw-------");
        Files.setOwner(file, uid(12345));
        assertEquals(12345, Files.getAttribute(file, "unix:uid"));
        IOException e = assertThrows(IOException.class, () -> LaunchFiles.take(file, 0));
        assertEquals(file + ": must be owned by uid 0 with mode 0600 (it is uid 12345, mode 600)", e.getMessage());
        assertTrue(Files.exists(file), "someone else's file is not deleted");
        assertArrayEquals(DOC, Files.readAllBytes(file));
    }

    @Test
    void takeForAnotherUidRefusesRootsFile() throws IOException {
        Path file = document("rw-------");
        IOException e = assertThrows(IOException.class, () -> LaunchFiles.take(file, uid + 1000));
        assertTrue(e.getMessage().contains("not a launch document"), "its directory is not that uid's: "
                + e.getMessage());
        assertTrue(Files.exists(file));
    }

    @Test
    void takeRefusesASymlinkAndNeverTouchesItsTarget() throws IOException {
        Path target = Files.write(tmp.resolve("target.json"), DOC);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path dir = launchDir();
        Path link = Files.createSymbolicLink(dir.resolve(ID + ".json"), target);
        IOException e = assertThrows(IOException.class, () -> LaunchFiles.take(link, uid));
        assertEquals(link + ": not a regular file", e.getMessage());
        assertTrue(Files.exists(target, LinkOption.NOFOLLOW_LINKS), "the link's target survives");
        assertArrayEquals(DOC, Files.readAllBytes(target));
        assertEquals("rw-------", mode(target));
        assertTrue(Files.isSymbolicLink(link), "the refused link is left as it is, like any refused file");
    }

    @Test
    void takeRefusesADanglingSymlink() throws IOException {
        Path dir = launchDir();
        Path link = Files.createSymbolicLink(dir.resolve(ID + ".json"), tmp.resolve("nothing"));
        IOException e = assertThrows(IOException.class, () -> LaunchFiles.take(link, uid));
        assertEquals(link + ": not a regular file", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("nothing"), LinkOption.NOFOLLOW_LINKS), "nothing was created through it");
    }

    @Test
    void takeRefusesAMissingFileAndADirectory() throws IOException {
        Path missing = launchDir().resolve(ID + ".json");
        assertEquals(missing + ": not a regular file",
                assertThrows(IOException.class, () -> LaunchFiles.take(missing, uid)).getMessage());
        Path dir = Files.createDirectories(launchDir().resolve(ID.replace('0', 'f') + ".json"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertEquals(dir + ": not a regular file",
                assertThrows(IOException.class, () -> LaunchFiles.take(dir, uid)).getMessage());
        assertTrue(Files.isDirectory(dir), "a directory given by mistake is not deleted");
    }

    @Test
    void takeRefusesAnyFileThatIsNotInALaunchDirectoryAndLeavesItAlone() throws IOException {
        // `nucleus supervise /etc/shadow` as root: a 0600 (or 0000) root-owned file must never be read or deleted
        Path secret = Files.write(tmp.resolve("shadow"), DOC);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path named = Files.write(tmp.resolve(ID + ".json"), DOC);
        Files.setPosixFilePermissions(named, PosixFilePermissions.fromString("rw-------"));
        Path open = launchDir();
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path inOpenDir = Files.write(open.resolve(ID + ".json"), DOC);
        Files.setPosixFilePermissions(inOpenDir, PosixFilePermissions.fromString("rw-------"));
        for (Path p : java.util.List.of(secret, named, inOpenDir)) {
            IOException e = assertThrows(IOException.class, () -> LaunchFiles.take(p, uid));
            assertTrue(e.getMessage().contains("not a launch document"), e.getMessage());
            assertArrayEquals(DOC, Files.readAllBytes(p), p + " is left as it was");
        }
    }

    @Test
    void takeRefusesAnOversizedDocument() throws IOException {
        Path file = document("rw-------");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength((16L << 20) + 1); // sparse
        }
        IOException e = assertThrows(IOException.class, () -> LaunchFiles.take(file, uid));
        assertTrue(e.getMessage().endsWith(": larger than " + (16 << 20) + " bytes"), e.getMessage());
        assertFalse(Files.exists(file), "a document of ours is deleted even when it cannot be used");
    }
}
