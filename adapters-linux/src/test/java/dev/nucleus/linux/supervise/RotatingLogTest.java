package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.supervise.LogLine.Stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    /** A record of exactly 38 bytes: {@code 2026-01-01T00:00:00Z stdout F line-07\n}. */
    private static LogLine line(int i) {
        return new LogLine(T, Stream.STDOUT, false, String.format("line-%02d", i));
    }

    private static List<String> texts(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (LogLine l : ContainerLogs.parse(Files.readString(file, StandardCharsets.UTF_8))) {
            out.add(l.text());
        }
        return out;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void recordsAreAppendedInTheCriFormat() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, RotatingLog.DEFAULT_KEEP)) {
            log.append(new LogLine(T, Stream.STDOUT, false, "one two"));
            log.append(new LogLine(T, Stream.STDERR, true, "pro"));
            log.append(new LogLine(T, Stream.STDERR, false, "mpt"));
        }
        assertEquals("2026-01-01T00:00:00Z stdout F one two\n"
                + "2026-01-01T00:00:00Z stderr P pro\n"
                + "2026-01-01T00:00:00Z stderr F mpt\n", Files.readString(dir.resolve(RotatingLog.FILE)));
        assertEquals("rw-------", mode(dir.resolve(RotatingLog.FILE)));
    }

    @Test
    void aReopenedLogAppendsAndCountsWhatIsThere() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        try (RotatingLog log = new RotatingLog(dir, 100, 2)) {
            log.append(line(0));
        }
        try (RotatingLog log = new RotatingLog(dir, 100, 2)) {
            log.append(line(1));
            assertFalse(Files.exists(dir.resolve("container.log.1")), "76 bytes fit in 100");
            log.append(line(2)); // 114 > 100: the size of the file it found counts
        }
        assertEquals(List.of("line-00", "line-01"), texts(dir.resolve("container.log.1")));
        assertEquals(List.of("line-02"), texts(dir.resolve("container.log")));
    }

    @Test
    void linesBeforeTheDirectoryExistsWaitAndAreWrittenOnceItDoes() throws IOException {
        Path dir = tmp.resolve("not-yet");
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            log.append(line(0));
            log.append(line(1));
            assertFalse(Files.exists(dir));
            Files.createDirectory(dir);
            assertFalse(Files.exists(dir.resolve(RotatingLog.FILE)), "nothing is written before the next append");
            log.append(line(2));
            assertEquals(List.of("line-00", "line-01", "line-02"), texts(dir.resolve(RotatingLog.FILE)));
            log.append(line(3));
            assertEquals(List.of("line-00", "line-01", "line-02", "line-03"), texts(dir.resolve(RotatingLog.FILE)));
        }
    }

    @Test
    void atMost256LinesWaitTheOldestAreDropped() throws IOException {
        Path dir = tmp.resolve("late");
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            for (int i = 0; i < 300; i++) {
                log.append(new LogLine(T, Stream.STDERR, false, "early " + i));
            }
            Files.createDirectory(dir);
            log.append(new LogLine(T, Stream.STDOUT, false, "first after"));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 300 - 256; i < 300; i++) {
            expected.add("early " + i);
        }
        expected.add("first after");
        assertEquals(expected, texts(dir.resolve(RotatingLog.FILE)));
    }

    @Test
    void exactly256WaitingLinesAreAllKept() throws IOException {
        Path dir = tmp.resolve("late");
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            for (int i = 0; i < 256; i++) {
                log.append(line(i));
            }
            Files.createDirectory(dir);
            log.append(line(99));
        }
        List<String> got = texts(dir.resolve(RotatingLog.FILE));
        assertEquals(257, got.size());
        assertEquals("line-00", got.getFirst());
        assertEquals("line-99", got.getLast());
    }

    @Test
    void rotationKeepsTheNewestFilesAndDropsOlderOnes() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        assertEquals(38, line(0).format().length());
        try (RotatingLog log = new RotatingLog(dir, 100, 2)) { // two records fit in a file
            for (int i = 0; i < 10; i++) {
                log.append(line(i));
            }
        }
        assertEquals(List.of("line-04", "line-05"), texts(dir.resolve("container.log.2")));
        assertEquals(List.of("line-06", "line-07"), texts(dir.resolve("container.log.1")));
        assertEquals(List.of("line-08", "line-09"), texts(dir.resolve("container.log")));
        assertFalse(Files.exists(dir.resolve("container.log.3")));
        assertEquals(List.of(dir.resolve("container.log.2"), dir.resolve("container.log.1"), dir.resolve("container.log")),
                RotatingLog.files(dir));
        for (Path p : RotatingLog.files(dir)) {
            assertEquals("rw-------", mode(p), p.toString());
            assertTrue(Files.size(p) <= 100, p + " stays within maxBytes");
        }
        try (var listing = Files.list(dir)) {
            assertEquals(3, listing.count(), "no other file is left behind");
        }
    }

    @Test
    void aRecordExactlyFillingTheFileDoesNotRotate() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        try (RotatingLog log = new RotatingLog(dir, 76, 1)) {
            log.append(line(0));
            log.append(line(1)); // 76 bytes: still within
            assertFalse(Files.exists(dir.resolve("container.log.1")));
            log.append(line(2));
        }
        assertEquals(List.of("line-00", "line-01"), texts(dir.resolve("container.log.1")));
        assertEquals(List.of("line-02"), texts(dir.resolve("container.log")));
    }

    @Test
    void aRecordLargerThanMaxBytesStillGetsWrittenWhole() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        String big = "x".repeat(500);
        try (RotatingLog log = new RotatingLog(dir, 100, 1)) {
            log.append(new LogLine(T, Stream.STDOUT, false, big));
            log.append(line(1));
        }
        assertEquals(List.of(big), texts(dir.resolve("container.log.1")));
        assertEquals(List.of("line-01"), texts(dir.resolve("container.log")));
    }

    @Test
    void keepOneAndKeepZero() throws IOException {
        Path one = Files.createDirectory(tmp.resolve("one"));
        try (RotatingLog log = new RotatingLog(one, 40, 1)) { // one record per file
            for (int i = 0; i < 5; i++) {
                log.append(line(i));
            }
        }
        assertEquals(List.of(one.resolve("container.log.1"), one.resolve("container.log")), RotatingLog.files(one));
        assertEquals(List.of("line-03"), texts(one.resolve("container.log.1")));
        assertEquals(List.of("line-04"), texts(one.resolve("container.log")));

        Path zero = Files.createDirectory(tmp.resolve("zero"));
        try (RotatingLog log = new RotatingLog(zero, 40, 0)) {
            for (int i = 0; i < 5; i++) {
                log.append(line(i));
            }
        }
        assertEquals(List.of(zero.resolve("container.log")), RotatingLog.files(zero));
        assertEquals(List.of("line-04"), texts(zero.resolve("container.log")));
    }

    @Test
    void filesListsOldestFirstAndOnlyRegularFiles() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        assertEquals(List.of(), RotatingLog.files(dir));
        assertEquals(List.of(), RotatingLog.files(tmp.resolve("missing")));
        Path outside = Files.writeString(tmp.resolve("outside"), "secret\n");
        Files.writeString(dir.resolve("container.log"), "");
        Files.writeString(dir.resolve("container.log.1"), "");
        Files.writeString(dir.resolve("container.log.3"), "");
        Files.writeString(dir.resolve("container.log.9"), "");
        Files.writeString(dir.resolve("container.log.10"), "");
        Files.writeString(dir.resolve("container.log.old"), "");
        Files.createSymbolicLink(dir.resolve("container.log.2"), outside);
        Files.createDirectory(dir.resolve("container.log.4"));
        assertEquals(List.of(dir.resolve("container.log.9"), dir.resolve("container.log.3"),
                dir.resolve("container.log.1"), dir.resolve("container.log")), RotatingLog.files(dir));

        Path linked = Files.createDirectory(tmp.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("container.log"), outside);
        assertEquals(List.of(), RotatingLog.files(linked), "a symlinked current log is no log file");
    }

    @Test
    void aSymlinkNamedContainerLogIsNotFollowed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        Path target = Files.writeString(tmp.resolve("target"), "precious\n");
        Files.createSymbolicLink(dir.resolve(RotatingLog.FILE), target);
        String targetMode = mode(target);
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            // open(2) with O_NOFOLLOW fails with ELOOP
            IOException e = assertThrows(IOException.class, () -> log.append(line(0)));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
            assertThrows(IOException.class, () -> log.append(line(1)), "it is refused every time");
        }
        assertEquals("precious\n", Files.readString(target), "the link's target is untouched");
        assertTrue(Files.isSymbolicLink(dir.resolve(RotatingLog.FILE)));
        assertEquals(targetMode, mode(target), "nor is its mode changed");
    }

    @Test
    void aSymlinkedDirectoryIsNotFollowed() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path dir = Files.createSymbolicLink(tmp.resolve("c"), real);
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            log.append(line(0)); // waits, as for a directory that does not exist yet
        }
        try (var listing = Files.list(real)) {
            assertEquals(0, listing.count(), "nothing was written through the link");
        }
    }

    @Test
    void rotationRemovesASymlinkedOldFileNotItsTarget() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("c"));
        Path target = Files.writeString(tmp.resolve("target"), "precious\n");
        Files.createSymbolicLink(dir.resolve("container.log.2"), target);
        Files.createSymbolicLink(dir.resolve("container.log.1"), target);
        try (RotatingLog log = new RotatingLog(dir, 40, 2)) {
            for (int i = 0; i < 4; i++) {
                log.append(line(i));
            }
        }
        assertEquals("precious\n", Files.readString(target));
        assertEquals(List.of("line-01"), texts(dir.resolve("container.log.2")));
        assertEquals(List.of("line-02"), texts(dir.resolve("container.log.1")));
        assertEquals(List.of("line-03"), texts(dir.resolve("container.log")));
        assertFalse(Files.isSymbolicLink(dir.resolve("container.log.1")));
        assertFalse(Files.isSymbolicLink(dir.resolve("container.log.2")));
    }
}
