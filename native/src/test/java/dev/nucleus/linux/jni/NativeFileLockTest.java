package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LockedFile} and {@link NativeFiles#writeReplacing}: what the container state store and the audit log run on. */
class NativeFileLockTest {
    @TempDir
    Path dir;

    /** Whether another process may take a POSIX record lock on {@code file} right now (lockf, as the JDK's). */
    private static boolean anotherProcessCanLock(Path file) throws Exception {
        Process p = new ProcessBuilder("python3", "-c",
                "import fcntl,sys\nf=open(sys.argv[1],'w')\ntry:\n fcntl.lockf(f,fcntl.LOCK_EX|fcntl.LOCK_NB)\n"
                        + "except OSError:\n sys.exit(3)\n", file.toString()).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(p.exitValue() == 0 || p.exitValue() == 3, "python3 exited " + p.exitValue());
        return p.exitValue() == 0;
    }

    @Test
    void aLockExcludesOtherProcessesUntilReleased() throws Exception {
        Path lock = dir.resolve("lock");
        LockedFile held = LockedFile.lock(lock, true);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)));
        assertFalse(anotherProcessCanLock(lock), "held: another process is refused");
        held.close();
        assertTrue(anotherProcessCanLock(lock), "released with its fd");
        held.close(); // twice: nothing more to release
        assertThrows(IOException.class, held::size, "a released lock reads nothing");
    }

    @Test
    void withoutCreateAMissingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> LockedFile.lock(dir.resolve("none"), false));
        assertFalse(Files.exists(dir.resolve("none")));
    }

    @Test
    void aSymlinkIsNeverFollowed() throws IOException {
        Path real = Files.writeString(dir.resolve("real"), "");
        Path link = Files.createSymbolicLink(dir.resolve("lock"), real);
        IOException e = assertThrows(IOException.class, () -> LockedFile.lock(link, true));
        assertTrue(e.getMessage().startsWith("locking " + link + ": open"), e.getMessage());
    }

    @Test
    void aLockedFileIsReadAnywhereAndAppendedAtItsEnd() throws IOException {
        Path log = Files.writeString(dir.resolve("audit.jsonl"), "one\ntwo\n");
        try (LockedFile f = LockedFile.lock(log, false)) {
            assertEquals(8, f.size());
            assertEquals("two", new String(f.read(4, 3), StandardCharsets.UTF_8));
            assertEquals("two\n", new String(f.read(4, 100), StandardCharsets.UTF_8), "fewer at the end");
            assertEquals(0, f.read(8, 10).length);
            f.append("three ✓\n".getBytes(StandardCharsets.UTF_8));
            f.append(new byte[0]);
            assertEquals(8 + "three ✓\n".getBytes(StandardCharsets.UTF_8).length, f.size());
        }
        assertEquals("one\ntwo\nthree ✓\n", Files.readString(log));
    }

    @Test
    void writesANewFileInTheTargetsPlace() throws IOException {
        Path target = Files.writeString(dir.resolve("state.json"), "old");
        Path tmp = dir.resolve("state.json.tmp-1");
        NativeFiles.writeReplacing(tmp, target, "new ✓".getBytes(StandardCharsets.UTF_8), false);
        assertEquals("new ✓", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertFalse(Files.exists(tmp));
        NativeFiles.writeReplacing(tmp, dir.resolve("fresh.json"), new byte[0], true);
        assertEquals("", Files.readString(dir.resolve("fresh.json")), "synced, and where no target was");
    }

    @Test
    void anExistingTempFileIsNeitherOverwrittenNorRemoved() throws IOException {
        Path target = Files.writeString(dir.resolve("state.json"), "old");
        Path tmp = Files.writeString(dir.resolve("state.json.tmp-1"), "someone else's");
        IOException e = assertThrows(IOException.class,
                () -> NativeFiles.writeReplacing(tmp, target, "new".getBytes(StandardCharsets.UTF_8), false));
        assertTrue(e.getMessage().startsWith("writing " + target + ": open"), e.getMessage());
        assertTrue(e.getMessage().contains("File exists"), e.getMessage());
        assertEquals("someone else's", Files.readString(tmp));
        assertEquals("old", Files.readString(target));
    }

    @Test
    void aFailedReplacementLeavesNoTempFile() throws IOException {
        Path tmp = dir.resolve("state.json.tmp-1");
        IOException e = assertThrows(IOException.class, () -> NativeFiles.writeReplacing(tmp,
                dir.resolve("gone").resolve("state.json"), "new".getBytes(StandardCharsets.UTF_8), false));
        assertTrue(e.getMessage().contains("rename"), e.getMessage());
        assertFalse(Files.exists(tmp));
    }

    @Test
    void aDirectoryAtTheTargetIsRefusedAndLeftAsItWas() throws IOException {
        Path target = Files.createDirectory(dir.resolve("state.json"));
        Files.writeString(target.resolve("inside"), "x");
        Path tmp = dir.resolve("state.json.tmp-1");
        IOException e = assertThrows(IOException.class,
                () -> NativeFiles.writeReplacing(tmp, target, "new".getBytes(StandardCharsets.UTF_8), false));
        assertTrue(e.getMessage().contains("a directory stands at the target"), e.getMessage());
        assertFalse(Files.exists(tmp));
        assertEquals("x", Files.readString(target.resolve("inside")));
    }
}
