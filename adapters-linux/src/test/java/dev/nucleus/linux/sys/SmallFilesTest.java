package dev.nucleus.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SmallFiles} against the JDK's NIO answers for the same files. */
class SmallFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatNioReadsProcFilesAndFilesPastItsFirstBufferToo() throws Exception {
        assertEquals(Files.readString(Path.of("/proc/self/cgroup")), SmallFiles.read("/proc/self/cgroup"));
        String big = "é✓ mount point\n".repeat(3000); // > 8 KB: the buffer grows
        Files.writeString(dir.resolve("big"), big);
        assertEquals(big, SmallFiles.read(dir.resolve("big").toString()));
        Files.writeString(dir.resolve("exact"), "x".repeat(8192));
        assertEquals("x".repeat(8192), SmallFiles.read(dir.resolve("exact").toString()));
        assertEquals("", SmallFiles.read(Files.createFile(dir.resolve("empty")).toString()));
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThrows(java.io.FileNotFoundException.class, () -> SmallFiles.read(dir.resolve("none").toString()));
        assertFalse(SmallFiles.writableDirectory(dir.resolve("none").toString()));
        assertFalse(SmallFiles.executable(dir.resolve("none").toString()));
    }

    @Test
    void accessAnswersAsNios() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "");
        assertTrue(SmallFiles.writableDirectory(dir.toString()));
        assertFalse(SmallFiles.writableDirectory(file.toString()), "a file is no directory");
        assertFalse(SmallFiles.executable(file.toString()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        assertTrue(SmallFiles.executable(file.toString()));
        assertEquals(Files.isExecutable(Path.of("/bin/sh")), SmallFiles.executable("/bin/sh"));
    }
}
