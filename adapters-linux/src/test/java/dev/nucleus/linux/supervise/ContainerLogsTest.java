package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.supervise.LogLine.Stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogsTest {
    private static final Instant T0 = Instant.parse("2026-11-28T17:30:45.000000001Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;

    @BeforeEach
    void streams() {
        out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private static Instant t(int second) {
        return T0.plusSeconds(second);
    }

    private static LogLine o(int second, String text) {
        return new LogLine(t(second), Stream.STDOUT, false, text);
    }

    private static LogLine op(int second, String text) {
        return new LogLine(t(second), Stream.STDOUT, true, text);
    }

    private static LogLine e(int second, String text) {
        return new LogLine(t(second), Stream.STDERR, false, text);
    }

    private static LogLine ep(int second, String text) {
        return new LogLine(t(second), Stream.STDERR, true, text);
    }

    private void log(long maxBytes, LogLine... lines) throws IOException {
        try (RotatingLog log = new RotatingLog(dir, maxBytes, 2)) {
            for (LogLine l : lines) {
                log.append(l);
            }
        }
    }

    private void append(Path file, LogLine... lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (LogLine l : lines) {
            b.append(l.format());
        }
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void printAllGoesThroughEveryFileInOrderToTheRightStream() throws IOException {
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(i % 3 == 2 ? e(i, "err " + i) : o(i, "out " + i));
        }
        log(130, lines.toArray(LogLine[]::new)); // about three records a file: it rotates
        assertEquals(3, RotatingLog.files(dir).size(), "the log was rotated");
        int first = firstKept();
        assertTrue(first > 0, "the oldest lines were dropped");
        new ContainerLogs(dir, out, err, false).print(-1);
        StringBuilder expectOut = new StringBuilder();
        StringBuilder expectErr = new StringBuilder();
        for (LogLine l : lines.subList(first, lines.size())) {
            (l.stream() == Stream.STDOUT ? expectOut : expectErr).append(l.text()).append('\n');
        }
        assertEquals(expectOut.toString(), out());
        assertEquals(expectErr.toString(), err());
    }

    /** The index of the first line still in the rotated files. */
    private int firstKept() throws IOException {
        String oldest = Files.readString(RotatingLog.files(dir).getFirst());
        LogLine firstLine = ContainerLogs.parse(oldest).getFirst();
        return Integer.parseInt(firstLine.text().substring(4));
    }

    @Test
    void printAllKeepsTheInterleavingOfBothStreams() throws IOException {
        log(100, o(0, "a"), e(1, "b"), op(2, "c1 "), e(3, "d"), o(4, "c2"), e(5, "f"));
        PrintStream both = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        new ContainerLogs(dir, both, both, false).print(-1);
        assertEquals("a\nb\nc1 d\nc2\nf\n", out());
    }

    @Test
    void printWithNothingLoggedPrintsNothing() throws IOException {
        new ContainerLogs(dir, out, err, true).print(-1);
        new ContainerLogs(dir.resolve("missing"), out, err, true).print(5);
        assertEquals("", out());
        assertEquals("", err());
    }

    @Test
    void linesNotInTheFormatAreSkipped() throws IOException {
        Files.writeString(dir.resolve(RotatingLog.FILE), o(0, "good").format() + "garbage line\n\n"
                + "2026-11-28T17:30:45Z stdin F nope\n" + e(1, "also good").format());
        new ContainerLogs(dir, out, err, false).print(-1);
        assertEquals("good\n", out());
        assertEquals("also good\n", err());
    }

    @Test
    void printLastLinesJoinsPartialRecords() throws IOException {
        log(RotatingLog.DEFAULT_MAX_BYTES, o(0, "a"), op(1, "b1"), op(2, "b2"), o(3, "b3"), op(4, "c"));
        new ContainerLogs(dir, out, err, false).print(2);
        assertEquals("b1b2b3\nc", out());

        outBytes.reset();
        new ContainerLogs(dir, out, err, false).print(1);
        assertEquals("c", out(), "an unfinished last line is a line");

        outBytes.reset();
        new ContainerLogs(dir, out, err, false).print(0);
        assertEquals("", out());

        outBytes.reset();
        new ContainerLogs(dir, out, err, false).print(3);
        assertEquals("a\nb1b2b3\nc", out());

        outBytes.reset();
        new ContainerLogs(dir, out, err, false).print(100);
        assertEquals("a\nb1b2b3\nc", out());
        assertEquals("", err());
    }

    @Test
    void printLastLinesAcrossRotatedFiles() throws IOException {
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            lines.add(o(i, "line " + i));
        }
        log(130, lines.toArray(LogLine[]::new));
        assertTrue(RotatingLog.files(dir).size() >= 2);
        assertEquals(3, RotatingLog.files(dir).size());
        new ContainerLogs(dir, out, err, false).print(3);
        assertEquals("line 6\nline 7\nline 8\n", out());
        outBytes.reset();
        new ContainerLogs(dir, out, err, false).print(4);
        assertEquals("line 5\nline 6\nline 7\nline 8\n", out());
    }

    @Test
    void lastLinesCountsLinesNotRecords() {
        List<LogLine> records = List.of(o(0, "a"), op(1, "b1"), op(2, "b2"), o(3, "b3"), op(4, "c"));
        assertEquals(List.of(), ContainerLogs.lastLines(records, 0));
        assertEquals(records.subList(4, 5), ContainerLogs.lastLines(records, 1));
        assertEquals(records.subList(1, 5), ContainerLogs.lastLines(records, 2));
        assertEquals(records, ContainerLogs.lastLines(records, 3));
        assertEquals(records, ContainerLogs.lastLines(records, 4));
        assertEquals(List.of(), ContainerLogs.lastLines(List.of(), 3));
        List<LogLine> full = List.of(o(0, "x"), e(1, "y"), o(2, "z"));
        assertEquals(full.subList(1, 3), ContainerLogs.lastLines(full, 2));
    }

    @Test
    void lastLinesKeepsTheStartOfALineInterruptedByTheOtherStream() {
        // stdout prints "progress..." without a newline, stderr warns, stdout ends its line:
        // the last line is stdout's "progress...done", not just "done"
        List<LogLine> records = List.of(o(0, "before"), op(1, "progress..."), e(2, "warning"), o(3, "done"));
        assertEquals(List.of(op(1, "progress..."), o(3, "done")), ContainerLogs.lastLines(records, 1));
        assertEquals(records.subList(1, 4), ContainerLogs.lastLines(records, 2));
        assertEquals(records, ContainerLogs.lastLines(records, 3));

        // an unfinished stdout line before stderr's last line is a line of its own
        List<LogLine> unfinished = List.of(o(0, "before"), op(1, "prompt> "), e(2, "warning"));
        assertEquals(List.of(e(2, "warning")), ContainerLogs.lastLines(unfinished, 1));
        assertEquals(unfinished.subList(1, 3), ContainerLogs.lastLines(unfinished, 2));
    }

    @Test
    void printLastLinesOfInterleavedStreams() throws IOException {
        log(RotatingLog.DEFAULT_MAX_BYTES, o(0, "before"), op(1, "progress..."), e(2, "warning"), o(3, "done"));
        new ContainerLogs(dir, out, err, false).print(1);
        assertEquals("progress...done\n", out());
        assertEquals("", err());
    }

    @Test
    void timestampsStartLinesOnly() throws IOException {
        log(RotatingLog.DEFAULT_MAX_BYTES, op(0, "a"), op(1, "b"), o(2, "c"), e(3, "err"), o(4, "d"), op(5, "tail"));
        new ContainerLogs(dir, out, err, true).print(-1);
        assertEquals(t(0) + " abc\n" + t(4) + " d\n" + t(5) + " tail", out());
        assertEquals(t(3) + " err\n", err());
        assertEquals("2026-11-28T17:30:45.000000001Z abc\n", out().substring(0, out().indexOf('\n') + 1));
    }

    @Test
    void timestampsFollowEachStreamsOwnLines() throws IOException {
        log(RotatingLog.DEFAULT_MAX_BYTES, op(0, "x"), ep(1, "E1"), o(2, "y"), e(3, "E2"), o(4, "z"));
        new ContainerLogs(dir, out, err, true).print(-1);
        assertEquals(t(0) + " xy\n" + t(4) + " z\n", out());
        assertEquals(t(1) + " E1E2\n", err());
    }

    @Test
    void withoutTimestampsTextIsAsWritten() throws IOException {
        log(RotatingLog.DEFAULT_MAX_BYTES, o(0, " leading"), o(1, ""), o(2, "ünïcødé ✓"));
        new ContainerLogs(dir, out, err, false).print(-1);
        assertEquals(" leading\n\nünïcødé ✓\n", out());
    }

    @Test
    void aRecordCaughtHalfWrittenIsNotPrintedNorFatal() throws IOException {
        // a reader may see a record the supervisor is still writing: cut inside a character...
        byte[] whole = (o(0, "done").format() + o(1, "café au lait").format()).getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(RotatingLog.FILE), java.util.Arrays.copyOf(whole, indexOfByte(whole, (byte) 0xC3) + 1));
        new ContainerLogs(dir, out, err, false).print(-1);
        assertEquals("done\n", out());

        // ... or anywhere else: the unfinished line is not shown as if it were complete
        outBytes.reset();
        Files.writeString(dir.resolve(RotatingLog.FILE), o(0, "done").format() + o(1, "café au lait").format().substring(0, 43));
        new ContainerLogs(dir, out, err, false).print(-1);
        assertEquals("done\n", out());
    }

    private static int indexOfByte(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A {@code running} that does one scripted step per call, in the follower's own thread, then says stopped. */
    private static BooleanSupplier script(List<IoStep> steps) {
        AtomicInteger next = new AtomicInteger();
        return () -> {
            int i = next.getAndIncrement();
            if (i >= steps.size()) {
                return false;
            }
            try {
                return steps.get(i).run();
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        };
    }

    @FunctionalInterface
    private interface IoStep {
        /** Returns whether the container still runs. */
        boolean run() throws IOException;
    }

    @Test
    @Timeout(20)
    void followPrintsWhatIsThereThenWhatFollowsAcrossARotation() throws Exception {
        Path current = dir.resolve(RotatingLog.FILE);
        append(current, o(1, "one"), e(2, "two"));
        new ContainerLogs(dir, out, err, false).follow(-1, script(List.of(
                () -> {
                    append(current, o(3, "three"));
                    return true;
                },
                () -> true, // nothing new: it waits
                () -> {
                    append(current, o(4, "four"), op(5, "fi")); // written to the old file just before it rotates
                    Files.move(current, dir.resolve("container.log.1"));
                    append(current, o(6, "ve"), e(7, "six"));
                    return true;
                },
                () -> true,
                () -> true,
                () -> {
                    append(current, o(8, "seven"));
                    return false; // stopped: what it wrote before is still printed
                })));
        assertEquals("one\nthree\nfour\nfive\nseven\n", out());
        assertEquals("two\nsix\n", err());
    }

    /**
     * Two rotations between two reads: the file followed is then container.log.2, and the one after it
     * (now .1) must be read before the newest, not skipped.
     */
    @Test
    @Timeout(20)
    void followReadsEveryRotatedFileWhenTwoRotationsComeBetweenTwoReads() throws Exception {
        StringBuilder expected = new StringBuilder();
        AtomicInteger n = new AtomicInteger();
        try (RotatingLog log = new RotatingLog(dir, 200, 2)) { // four records a file
            IoStep twoFiles = () -> {
                for (int i = 0; i < 8; i++) {
                    String text = "line " + (10 + n.getAndIncrement());
                    expected.append(text).append('\n');
                    log.append(o(1, text));
                }
                return true;
            };
            twoFiles.run();
            new ContainerLogs(dir, out, err, false).follow(-1, script(List.of(
                    twoFiles, // the followed file becomes .2; the new .1 holds the next four lines
                    () -> true,
                    twoFiles,
                    () -> true,
                    () -> true)));
        }
        assertEquals(24, n.get());
        assertEquals(expected.toString(), out(), "every line, in order");
    }

    /**
     * A file seen while an older one is still being read is opened then: rotated away (deleted) before
     * its turn, its lines are still there, through the open channel.
     */
    @Test
    @Timeout(20)
    void followKeepsAFileItHasSeenThoughRotationDeletesItBeforeItsTurn() throws Exception {
        Path current = dir.resolve(RotatingLog.FILE);
        Path one = dir.resolve("container.log.1");
        Path two = dir.resolve("container.log.2");
        IoStep rotate = () -> {
            Files.deleteIfExists(two);
            if (Files.exists(one)) {
                Files.move(one, two);
            }
            Files.move(current, one);
            return true;
        };
        append(current, o(0, "a"));
        new ContainerLogs(dir, out, err, false).follow(-1, script(List.of(
                () -> {
                    append(current, o(1, "b")); // the file followed has more: it is read first, the next one seen
                    rotate.run();
                    append(current, o(2, "c"));
                    return true;
                },
                () -> {
                    for (String text : List.of("d", "e", "f")) { // three rotations: the file of "c" is deleted
                        rotate.run();
                        append(current, o(3, text));
                    }
                    assertTrue(Files.readString(two).endsWith(" d\n"), "c's file is gone from the directory");
                    return true;
                },
                () -> true,
                () -> true,
                () -> true,
                () -> true)));
        assertEquals("a\nb\nc\nd\ne\nf\n", out());
    }

    @Test
    @Timeout(20)
    void followWaitsForTheNewlineOfARecordBeingWritten() throws Exception {
        Path current = dir.resolve(RotatingLog.FILE);
        String record = o(1, "half and half").format();
        append(current, o(0, "zero"));
        new ContainerLogs(dir, out, err, false).follow(-1, script(List.of(
                () -> {
                    Files.writeString(current, record.substring(0, 30), StandardOpenOption.APPEND);
                    return true;
                },
                () -> {
                    assertEquals("zero\n", out(), "half a record is not printed");
                    Files.writeString(current, record.substring(30), StandardOpenOption.APPEND);
                    return true;
                })));
        assertEquals("zero\nhalf and half\n", out());
    }

    @Test
    @Timeout(20)
    void followDoesNotBreakACharacterReadInTwoHalves() throws Exception {
        Path current = dir.resolve(RotatingLog.FILE);
        byte[] record = o(1, "café").format().getBytes(StandardCharsets.UTF_8);
        int split = indexOfByte(record, (byte) 0xC3) + 1; // between the two bytes of é
        Files.write(current, new byte[0]);
        new ContainerLogs(dir, out, err, false).follow(-1, script(List.of(
                () -> {
                    Files.write(current, java.util.Arrays.copyOf(record, split), StandardOpenOption.APPEND);
                    return true;
                },
                () -> {
                    Files.write(current, java.util.Arrays.copyOfRange(record, split, record.length), StandardOpenOption.APPEND);
                    return true;
                })));
        assertEquals("café\n", out());
    }

    @Test
    @Timeout(20)
    void followWithLinesPrintsTheLastOfWhatIsThereThenEverythingNew() throws Exception {
        log(130, o(0, "l0"), o(1, "l1"), o(2, "l2"), o(3, "l3"), o(4, "l4"), o(5, "l5"), o(6, "l6"));
        assertTrue(RotatingLog.files(dir).size() >= 2, "some of them are in a rotated file");
        new ContainerLogs(dir, out, err, false).follow(4, script(List.of(() -> {
            append(dir.resolve(RotatingLog.FILE), o(7, "l7"));
            return true;
        })));
        assertEquals("l3\nl4\nl5\nl6\nl7\n", out());
    }

    @Test
    @Timeout(20)
    void followOfAStoppedContainerPrintsItAllAndReturns() throws Exception {
        log(RotatingLog.DEFAULT_MAX_BYTES, o(0, "a"), op(1, "b"));
        AtomicInteger asked = new AtomicInteger();
        new ContainerLogs(dir, out, err, true).follow(-1, () -> {
            asked.incrementAndGet();
            return false;
        });
        assertEquals(t(0) + " a\n" + t(1) + " b", out());
        assertEquals(1, asked.get(), "nothing more to read: it returned at once");
    }

    @Test
    @Timeout(20)
    void followWaitsForALogThatDoesNotExistYet() throws Exception {
        new ContainerLogs(dir, out, err, false).follow(-1, script(List.of(
                () -> true,
                () -> {
                    log(RotatingLog.DEFAULT_MAX_BYTES, e(0, "late start"));
                    return true;
                })));
        assertEquals("late start\n", err());
    }

    @Test
    @Timeout(60)
    void followInAThreadWhileTheLogRotates() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        ContainerLogs logs = new ContainerLogs(dir, out, err, false);
        StringBuilder expected = new StringBuilder();
        try (RotatingLog log = new RotatingLog(dir, 200, 2)) { // about five records a file
            for (int i = 0; i < 3; i++) {
                log.append(o(i, "before " + i));
                expected.append("before ").append(i).append('\n');
            }
            Thread follower = Thread.ofPlatform().name("follow").start(() -> {
                try {
                    logs.follow(-1, running::get);
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            int rotations = 0;
            for (int batch = 0; batch < 12; batch++) {
                for (int i = 0; i < 3; i++) { // fewer than a file holds: at most one rotation a poll
                    String text = "line " + batch + "." + i;
                    log.append(o(i, text));
                    expected.append(text).append('\n');
                }
                awaitOut(expected.toString());
                if (Files.exists(dir.resolve("container.log.2"))) {
                    rotations++;
                }
            }
            assertTrue(rotations > 0, "the log rotated while followed");
            log.append(e(99, "last words"));
            running.set(false);
            follower.join(Duration.ofSeconds(20));
            assertFalse(follower.isAlive(), "follow returned once the container stopped");
        }
        assertNull(failed.get());
        assertEquals(expected.toString(), out(), "every line once, in order");
        assertEquals("last words\n", err(), "written before it stopped: printed");
    }

    private void awaitOut(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out().equals(expected)) {
            assertTrue(System.nanoTime() < deadline, () -> "printed so far:\n" + out() + "\nexpected:\n" + expected);
            Thread.sleep(5);
        }
    }
}
