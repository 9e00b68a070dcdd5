package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's 0600 records beside a container, written natively, on a real directory. */
class OwnerOnlyFileTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTextOwnerOnlyAndReplacesAnEarlierRecord() throws IOException {
        Path file = dir.resolve("record");
        OwnerOnlyFile.write(file, "first\n");
        OwnerOnlyFile.write(file, "second\n");
        assertEquals("second\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(dir.resolve("record.tmp")));
    }

    @Test
    void aTemporaryFileLeftByAKilledLaunchIsNoObstacle() throws IOException {
        Files.writeString(dir.resolve("record.tmp"), "half");
        OwnerOnlyFile.write(dir.resolve("record"), "whole\n");
        assertEquals("whole\n", Files.readString(dir.resolve("record")));
        assertFalse(Files.exists(dir.resolve("record.tmp")));
    }

    @Test
    void aSymlinkInTheRecordsPlaceIsReplacedNotFollowed() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside"), "kept\n");
        Path file = Files.createSymbolicLink(dir.resolve("record"), outside);
        OwnerOnlyFile.write(file, "record\n");
        assertFalse(Files.isSymbolicLink(file));
        assertEquals("record\n", Files.readString(file));
        assertEquals("kept\n", Files.readString(outside));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file,
                LinkOption.NOFOLLOW_LINKS)));
    }
}
