package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.supervise.LogLine.Stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LogPumpTest {
    @TempDir
    Path dir;

    /** A stream that hands out its chunks one read at a time, with nothing available between chunks (a pipe). */
    private static final class Chunks extends InputStream {
        private final List<byte[]> chunks = new ArrayList<>();
        private int chunk;
        private int pos;

        Chunks(byte[]... chunks) {
            this.chunks.addAll(Arrays.asList(chunks));
        }

        Chunks(String... chunks) {
            for (String c : chunks) {
                this.chunks.add(c.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the pump reads blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (chunk < chunks.size() && pos == chunks.get(chunk).length) {
                chunk++;
                pos = 0;
            }
            if (chunk == chunks.size()) {
                return -1;
            }
            int n = Math.min(len, chunks.get(chunk).length - pos);
            System.arraycopy(chunks.get(chunk), pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return chunk < chunks.size() ? chunks.get(chunk).length - pos : 0;
        }
    }

    private List<LogLine> pump(InputStream in, Stream stream) throws IOException {
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, RotatingLog.DEFAULT_KEEP)) {
            new LogPump(in, stream, log).run();
        }
        return records();
    }

    private List<LogLine> records() throws IOException {
        Path file = dir.resolve(RotatingLog.FILE);
        return Files.exists(file) ? ContainerLogs.parse(Files.readString(file, StandardCharsets.UTF_8)) : List.of();
    }

    private static List<String> described(List<LogLine> records) {
        return records.stream().map(r -> (r.partial() ? "P " : "F ") + r.text()).toList();
    }

    /** The stream's text as the records put it back together. */
    private static String joined(List<LogLine> records) {
        StringBuilder b = new StringBuilder();
        for (LogLine r : records) {
            b.append(r.text());
            if (!r.partial()) {
                b.append('\n');
            }
        }
        return b.toString();
    }

    @Test
    void completeLinesAreFullRecords() throws IOException {
        Instant before = Instant.now();
        List<LogLine> records = pump(new ByteArrayInputStream("one\ntwo words \n\nthree\n".getBytes(StandardCharsets.UTF_8)),
                Stream.STDOUT);
        assertEquals(List.of("F one", "F two words ", "F ", "F three"), described(records));
        for (LogLine r : records) {
            assertEquals(Stream.STDOUT, r.stream());
            assertFalse(r.time().isBefore(before.minusSeconds(1)), r.time() + " is now");
            assertFalse(r.time().isAfter(Instant.now()));
        }
    }

    @Test
    void stderrIsTaggedStderr() throws IOException {
        List<LogLine> records = pump(new ByteArrayInputStream("oops\n".getBytes(StandardCharsets.UTF_8)), Stream.STDERR);
        assertEquals(1, records.size());
        assertEquals(Stream.STDERR, records.getFirst().stream());
        assertTrue(Files.readString(dir.resolve(RotatingLog.FILE)).contains(" stderr F oops\n"));
    }

    @Test
    void bothStreamsShareOneLog() throws IOException {
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            new LogPump(new ByteArrayInputStream("out\n".getBytes(StandardCharsets.UTF_8)), Stream.STDOUT, log).run();
            new LogPump(new ByteArrayInputStream("err\n".getBytes(StandardCharsets.UTF_8)), Stream.STDERR, log).run();
        }
        List<LogLine> records = records();
        assertEquals(List.of(Stream.STDOUT, Stream.STDERR), records.stream().map(LogLine::stream).toList());
    }

    @Test
    void aTrailingFragmentIsAPartialRecord() throws IOException {
        assertEquals(List.of("F a", "P b c"),
                described(pump(new ByteArrayInputStream("a\nb c".getBytes(StandardCharsets.UTF_8)), Stream.STDOUT)));
    }

    @Test
    void emptyInputLogsNothing() throws IOException {
        assertEquals(List.of(), pump(new ByteArrayInputStream(new byte[0]), Stream.STDOUT));
    }

    @Test
    void outputWithoutNewlineIsWrittenWhenNothingMoreWaits() throws IOException {
        List<LogLine> records = pump(new Chunks("hello\nprompt> ", "answer\n", "x", "y\n"), Stream.STDOUT);
        assertEquals(List.of("F hello", "P prompt> ", "F answer", "P x", "F y"), described(records));
        assertEquals("hello\nprompt> answer\nxy\n", joined(records));
    }

    @Test
    void aLineArrivingInSeveralReadsIsNotCutWhileMoreIsAvailable() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append("line number ").append(i).append('\n'); // ~34 KB: many 8 KiB reads, lines across them
        }
        List<LogLine> records = pump(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), Stream.STDOUT);
        assertEquals(2000, records.size());
        assertTrue(records.stream().noneMatch(LogLine::partial), "no line was cut at a read boundary");
        assertEquals(text.toString(), joined(records));
    }

    @Test
    void aLongLineIsCutIntoPartialRecordsThenAFullOne() throws IOException {
        String line = "x".repeat(LogPump.MAX_LINE) + "y".repeat(LogPump.MAX_LINE) + "z".repeat(100);
        List<LogLine> records = pump(new ByteArrayInputStream((line + "\nnext\n").getBytes(StandardCharsets.UTF_8)),
                Stream.STDERR);
        assertEquals(List.of("P " + "x".repeat(LogPump.MAX_LINE), "P " + "y".repeat(LogPump.MAX_LINE),
                "F " + "z".repeat(100), "F next"), described(records));
        assertEquals(line + "\nnext\n", joined(records));
    }

    @Test
    void aLineOfExactlyMaxLineJoinsBackExactly() throws IOException {
        String line = "m".repeat(LogPump.MAX_LINE);
        List<LogLine> records = pump(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), Stream.STDOUT);
        assertEquals(line + "\n", joined(records));
        assertFalse(records.getLast().partial());
        for (LogLine r : records) {
            assertTrue(r.text().length() <= LogPump.MAX_LINE);
        }
    }

    @Test
    void aLongLineWithoutNewlineAtTheEndIsAllPartial() throws IOException {
        String line = "q".repeat(LogPump.MAX_LINE + 7);
        List<LogLine> records = pump(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), Stream.STDOUT);
        assertEquals(List.of("P " + "q".repeat(LogPump.MAX_LINE), "P qqqqqqq"), described(records));
    }

    @Test
    void aCutAtMaxLineNeverSplitsACharacter() throws IOException {
        for (String ch : List.of("é", "€", "𝄞")) { // 2, 3 and 4 bytes in UTF-8
            for (int before = LogPump.MAX_LINE - 4; before <= LogPump.MAX_LINE; before++) {
                Files.deleteIfExists(dir.resolve(RotatingLog.FILE));
                String line = "a".repeat(before) + ch + ch + "b";
                List<LogLine> records = pump(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)),
                        Stream.STDOUT);
                String got = joined(records);
                int n = before;
                assertTrue(got.equals(line + "\n"), () -> ch + " after " + n + " bytes: the records end "
                        + described(records).stream().map(d -> d.substring(Math.max(2, d.length() - 8))).toList());
                for (LogLine r : records) {
                    assertFalse(r.text().contains("\uFFFD"), "a record holds half a character");
                    assertTrue(r.text().getBytes(StandardCharsets.UTF_8).length <= LogPump.MAX_LINE);
                }
            }
        }
    }

    @Test
    void aCharacterSplitAcrossReadsIsNotBroken() throws IOException {
        byte[] cafe = "café\n".getBytes(StandardCharsets.UTF_8); // c a f 0xC3 0xA9 \n
        byte[] note = "𝄞!\n".getBytes(StandardCharsets.UTF_8);   // 4 bytes, then ! \n
        List<LogLine> records = pump(new Chunks(Arrays.copyOfRange(cafe, 0, 4), Arrays.copyOfRange(cafe, 4, cafe.length),
                Arrays.copyOfRange(note, 0, 1), Arrays.copyOfRange(note, 1, 3), Arrays.copyOfRange(note, 3, note.length)),
                Stream.STDOUT);
        assertEquals("café\n𝄞!\n", joined(records));
        assertTrue(records.stream().noneMatch(r -> r.text().contains("\uFFFD")), described(records).toString());
    }

    @Test
    void wholeCharactersStopsBeforeAnUnfinishedSequence() {
        assertEquals(0, LogPump.wholeCharacters(new byte[0]));
        assertEquals(2, LogPump.wholeCharacters("ok".getBytes(StandardCharsets.UTF_8)));
        assertEquals(3, LogPump.wholeCharacters("xé".getBytes(StandardCharsets.UTF_8)), "a finished 2-byte sequence");
        assertEquals(1, LogPump.wholeCharacters(new byte[] {'x', (byte) 0xC3}));
        assertEquals(1, LogPump.wholeCharacters(new byte[] {'x', (byte) 0xE2, (byte) 0x82}));
        assertEquals(4, LogPump.wholeCharacters("x€".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, LogPump.wholeCharacters(new byte[] {'x', (byte) 0xF0, (byte) 0x9D, (byte) 0x84}));
        assertEquals(0, LogPump.wholeCharacters(new byte[] {(byte) 0xF0}));
        assertEquals(5, LogPump.wholeCharacters("x𝄞".getBytes(StandardCharsets.UTF_8)));
        // not UTF-8: nothing is held back for it
        assertEquals(4, LogPump.wholeCharacters(new byte[] {'x', (byte) 0x80, (byte) 0x80, (byte) 0x80}));
        assertEquals(2, LogPump.wholeCharacters(new byte[] {'x', (byte) 0xFF}));
    }

    @Test
    void invalidBytesAtTheEndAreStillWrittenAtEndOfStream() throws IOException {
        // an unfinished sequence when the workload exits: nothing may be held back for ever
        List<LogLine> records = pump(new Chunks(new byte[] {'o', 'k', (byte) 0xE2, (byte) 0x82}), Stream.STDOUT);
        assertTrue(records.stream().allMatch(LogLine::partial), described(records).toString());
        assertTrue(joined(records).startsWith("ok"), joined(records));
        assertTrue(joined(records).length() > 2, "the broken bytes are shown, not dropped");
    }

    @Test
    void whenTheLogCannotBeWrittenTheStreamIsStillDrained() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "");
        Path logDir = Files.createDirectory(dir.resolve("c"));
        Files.createSymbolicLink(logDir.resolve(RotatingLog.FILE), target); // refused: append throws
        byte[] lots = "0123456789abcdef\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(lots);
        try (RotatingLog log = new RotatingLog(logDir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            new LogPump(in, Stream.STDOUT, log).run(); // returns, throws nothing
        }
        assertEquals(0, in.available(), "everything was read: the workload never blocks on a full pipe");
        assertEquals("", Files.readString(target));
    }

    @Test
    @Timeout(20)
    void aPipeIsLoggedAsItArrives() throws Exception {
        PipedOutputStream workload = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(workload, 64 * 1024);
        Thread pump;
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2)) {
            pump = LogPump.start(in, Stream.STDERR, log).thread();
            assertTrue(pump.isDaemon());
            assertEquals("nucleus-log-stderr", pump.getName());
            workload.write("hello\nEnter password: ".getBytes(StandardCharsets.UTF_8));
            workload.flush();
            awaitRecords(2); // the prompt is there while the workload still runs
            assertEquals(List.of("F hello", "P Enter password: "), described(records()));
            workload.write("ok\n".getBytes(StandardCharsets.UTF_8));
            workload.close();
            pump.join(Duration.ofSeconds(10));
            assertFalse(pump.isAlive(), "the pump ends at end of stream");
        }
        List<LogLine> records = records();
        assertEquals(List.of("F hello", "P Enter password: ", "F ok"), described(records));
        assertTrue(records.stream().allMatch(r -> r.stream() == Stream.STDERR));
        assertEquals("hello\nEnter password: ok\n", joined(records));
    }

    @Test
    @Timeout(30)
    void onceCaughtUpEverythingWrittenIntoTheOsPipeIsInTheLog() throws Exception {
        // A pipe of the kernel's, read as the supervisor reads its stdout (FileInputStream, FIONREAD).
        int[] pipe = dev.nucleus.linux.jni.NativeDaemon.pipe();
        java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/fd/" + pipe[0]);
        java.io.FileOutputStream workload = new java.io.FileOutputStream("/proc/self/fd/" + pipe[1]);
        dev.nucleus.linux.jni.NativeShim.close(pipe[0]);
        dev.nucleus.linux.jni.NativeShim.close(pipe[1]);
        try (RotatingLog log = new RotatingLog(dir, RotatingLog.DEFAULT_MAX_BYTES, 2); workload) {
            LogPump pump = LogPump.start(in, Stream.STDOUT, log);
            for (int round = 0; round < 20; round++) {
                StringBuilder burst = new StringBuilder();
                for (int i = 0; i < 2_000; i++) {
                    burst.append("round ").append(round).append(" line ").append(i).append('\n');
                }
                workload.write(burst.toString().getBytes(StandardCharsets.UTF_8)); // beyond the pipe's 64 KiB
                assertTrue(LogPump.awaitCaughtUp(List.of(pump), 10_000), "caught up within 10 s");
                List<LogLine> records = records();
                assertEquals(2_000 * (round + 1), records.size(), "every line, the last included, at once");
                assertEquals("round " + round + " line 1999", records.getLast().text());
            }
            assertTrue(pump.thread().isAlive(), "the pipe stays open: a restart writes into it again");
        }
    }

    private void awaitRecords(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (records().size() < n) {
            assertTrue(System.nanoTime() < deadline, "the pump wrote " + records().size() + " records");
            Thread.sleep(10);
        }
    }
}
