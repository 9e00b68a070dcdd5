package dev.nucleus.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.audit.AuditEvent;
import dev.nucleus.domain.audit.AuditRecord;
import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import dev.nucleus.linux.jni.LockedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit log file in a tmp directory. */
class FileAuditLogTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path tmp;
    Path file;
    final List<ContainerEvent> events = Collections.synchronizedList(new ArrayList<>());
    final EventSink sink = events::add;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("audit.jsonl");
    }

    private static AuditRecord rec(String detail) {
        return AuditRecord.of("0123456789abcdef0123456789abcdef", "web", AuditEvent.FILESYSTEM_MOUNTED, detail);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private List<JsonNode> records() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines()) {
            out.add(MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void eachLineCarriesTheReferenceFieldsInOrder() throws IOException {
        FileAuditLog log = FileAuditLog.open(file, sink);
        log.record(AuditRecord.of("0123456789abcdef0123456789abcdef", "web", AuditEvent.CONTAINER_START,
                "command=sh \"quoted\" \\ ünïcode"));
        log.record(AuditRecord.failure("0123456789abcdef0123456789abcdef", "web", AuditEvent.MOUNT_AUDIT_FAILED,
                "mount audit: /proc"));
        List<JsonNode> records = records();
        assertEquals(2, records.size());
        JsonNode first = records.get(0);
        List<String> names = new ArrayList<>();
        first.propertyNames().forEach(names::add);
        assertEquals(List.of("seq", "timestamp", "container_id", "container_name", "event_type", "detail", "is_error",
                "prev_sha256"), names);
        assertEquals(1, first.get("seq").asLong());
        assertTrue(first.get("seq").isIntegralNumber());
        assertEquals("0123456789abcdef0123456789abcdef", first.get("container_id").asString());
        assertEquals("web", first.get("container_name").asString());
        assertEquals("container_start", first.get("event_type").asString());
        assertEquals("command=sh \"quoted\" \\ ünïcode", first.get("detail").asString());
        assertTrue(first.get("is_error").isBoolean());
        assertFalse(first.get("is_error").asBoolean());
        assertEquals(AuditChain.GENESIS, first.get("prev_sha256").asString());

        JsonNode second = records.get(1);
        assertEquals(2, second.get("seq").asLong());
        assertEquals("mount_audit_failed", second.get("event_type").asString());
        assertTrue(second.get("is_error").asBoolean());
        assertEquals(AuditChain.sha256(lines().get(0)), second.get("prev_sha256").asString());

        for (JsonNode r : records) {
            String ts = r.get("timestamp").asString();
            assertTrue(ts.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"), ts);
            Instant at = Instant.parse(ts);
            assertTrue(Math.abs(at.toEpochMilli() - System.currentTimeMillis()) < 60_000, ts);
        }
        assertTrue(Files.readString(file).endsWith("}\n"), "one record per line, newline-terminated");
        assertEquals(List.of(), events);
    }

    @Test
    void aTimestampOnAWholeSecondStillHasItsMillis() {
        assertEquals("2025-03-04T05:06:07.000Z", UtcMillis.format(Instant.parse("2025-03-04T05:06:07Z").toEpochMilli()));
        assertEquals("2025-03-04T05:06:07.120Z",
                UtcMillis.format(Instant.parse("2025-03-04T05:06:07.120999Z").toEpochMilli()));
        assertEquals("1970-01-01T00:00:00.000Z", UtcMillis.format(0));
    }

    /** The hand-made formatter says what java.time says, on leap days, century ends and 100,000 random instants. */
    @Test
    void timestampsAgreeWithJavaTime() {
        DateTimeFormatter iso = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();
        List<Long> samples = new ArrayList<>(List.of(0L, -1L, 951_782_400_000L, 951_868_799_999L, 4_107_456_000_000L,
                -62_167_219_200_000L, 253_402_300_799_999L, 1_709_164_800_000L, 946_684_799_999L));
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 100_000; i++) {
            samples.add(random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L));
        }
        for (long millis : samples) {
            assertEquals(iso.format(Instant.ofEpochMilli(millis)), UtcMillis.format(millis), Long.toString(millis));
        }
        assertThrows(IllegalArgumentException.class, () -> UtcMillis.format(253_402_300_800_000L));
    }

    @Test
    void twoInstancesOnOneFileExtendOneChain() throws IOException {
        FileAuditLog a = FileAuditLog.open(file, sink);
        FileAuditLog b = FileAuditLog.open(file, sink);
        a.record(rec("a1"));
        b.record(rec("b1"));
        a.record(rec("a2"));
        FileAuditLog c = FileAuditLog.open(file, sink); // a later run
        c.record(rec("c1"));
        b.record(rec("b2"));
        List<JsonNode> records = records();
        assertEquals(5, records.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i + 1, records.get(i).get("seq").asLong());
        }
        assertEquals(List.of("a1", "b1", "a2", "c1", "b2"), records.stream().map(r -> r.get("detail").asString())
                .toList());
        assertEquals(List.of(), AuditChain.verify(lines()));
        assertEquals(List.of(), events);
    }

    /** The instance remembers its own last record; a log rotated away under it starts a new chain. */
    @Test
    void aLogRotatedBetweenAppendsStartsANewChain() throws IOException {
        FileAuditLog a = FileAuditLog.open(file, sink);
        a.record(rec("a1"));
        a.record(rec("a2"));
        assertEquals(List.of(), AuditChain.verify(lines()));
        Files.move(file, file.resolveSibling("audit.jsonl.1"));
        Files.createFile(file);
        a.record(rec("a3"));
        List<JsonNode> records = records();
        assertEquals(1, records.size());
        assertEquals(1, records.getFirst().get("seq").asLong());
        assertEquals(AuditChain.GENESIS, records.getFirst().get("prev_sha256").asString());
        assertEquals(List.of(), AuditChain.verify(lines()));
    }

    @Test
    void concurrentRunsKeepTheChainIntact() throws Exception {
        int threads = 8;
        int each = 25;
        List<FileAuditLog> logs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logs.add(FileAuditLog.open(file, sink));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                FileAuditLog log = logs.get(t % logs.size());
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        log.record(rec("t" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), events, "no append may fail while another instance holds the lock");
        List<String> lines = lines();
        assertEquals(threads * each, lines.size());
        assertEquals(List.of(), AuditChain.verify(lines));
        Set<String> details = new HashSet<>();
        for (JsonNode r : records()) {
            details.add(r.get("detail").asString());
        }
        assertEquals(threads * each, details.size(), "every record written exactly once");
    }

    @Test
    void theFileIsCreated0600AndItsMissingDirectory0700() throws IOException {
        Path deep = tmp.resolve("state").resolve("nucleus").resolve("audit.jsonl");
        FileAuditLog.open(deep, sink).record(rec("x"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(deep)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(deep.getParent())));
        assertEquals("rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(deep.getParent().getParent())));
    }

    @Test
    void openingAnExistingLogKeepsItsRecords() throws IOException {
        FileAuditLog.open(file, sink).record(rec("first"));
        String before = Files.readString(file);
        FileAuditLog.open(file, sink);
        assertEquals(before, Files.readString(file));
    }

    @Test
    void openRefusesASymlinkAndLeavesTheTargetUntouched() throws IOException {
        Path target = tmp.resolve("target.txt");
        Files.writeString(target, "precious\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(file, target);
        assertThrows(IOException.class, () -> FileAuditLog.open(file, sink));
        assertEquals("precious\n", Files.readString(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertTrue(Files.isSymbolicLink(file));
    }

    @Test
    void openRefusesADanglingSymlinkAndCreatesNothing() throws IOException {
        Path target = tmp.resolve("elsewhere.jsonl");
        Files.createSymbolicLink(file, target);
        assertThrows(IOException.class, () -> FileAuditLog.open(file, sink));
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aSymlinkSwappedInAfterOpenIsNotWrittenThrough() throws IOException {
        FileAuditLog log = FileAuditLog.open(file, sink);
        log.record(rec("one"));
        Path target = tmp.resolve("target.txt");
        Files.writeString(target, "precious\n");
        Files.delete(file);
        Files.createSymbolicLink(file, target);
        log.record(rec("two"));
        assertEquals("precious\n", Files.readString(target));
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void aWriteFailureWarnsOnceAndStopsWriting() throws IOException {
        FileAuditLog log = FileAuditLog.open(file, sink);
        log.record(rec("one"));
        Files.delete(file);
        Files.createDirectory(file); // unwritable as a file, even for root
        log.record(rec("two"));
        log.record(rec("three"));
        log.record(rec("four"));
        assertEquals(1, events.size(), events.toString());
        ContainerEvent.Warning w = assertInstanceOf(ContainerEvent.Warning.class, events.getFirst());
        assertTrue(w.message().contains(file.toString()), w.message());
        assertTrue(w.message().contains("cannot be written"), w.message());

        // the log stays off even once the path is usable again
        Files.delete(file);
        Files.writeString(file, "");
        log.record(rec("five"));
        assertEquals(0, Files.size(file));
        assertEquals(1, events.size());
    }

    @Test
    void aLastLineThatIsNotARecordWarnsInsteadOfStartingANewChain() throws IOException {
        Files.writeString(file, "garbage\n");
        FileAuditLog log = FileAuditLog.open(file, sink);
        log.record(rec("x"));
        log.record(rec("y"));
        assertEquals("garbage\n", Files.readString(file));
        assertEquals(1, events.size(), events.toString());
    }

    @Test
    void theLastLineIsFoundBehindALongLog() throws IOException {
        FileAuditLog log = FileAuditLog.open(file, sink);
        String big = "x".repeat(2000);
        for (int i = 0; i < 60; i++) { // more than the 64 KiB tail
            log.record(rec(big + i));
        }
        assertTrue(Files.size(file) > FileAuditLog.TAIL_BYTES);
        List<String> lines = lines();
        assertEquals(60, lines.size());
        assertEquals(List.of(), AuditChain.verify(lines));
        assertEquals(List.of(), events);
    }

    @Test
    void aRecordLongerThanTheTailIsStillFollowed() throws IOException {
        FileAuditLog log = FileAuditLog.open(file, sink);
        log.record(rec("short"));
        log.record(rec("y".repeat(3 * FileAuditLog.TAIL_BYTES + 10))); // a very long command line
        log.record(rec("next"));
        log.record(rec("last"));
        assertEquals(List.of(), events);
        List<String> lines = lines();
        assertEquals(4, lines.size());
        assertEquals(List.of(), AuditChain.verify(lines));
    }

    @Test
    void lastLineReadsBackPastTheFirstWindow() throws IOException {
        String longLine = "z".repeat(FileAuditLog.TAIL_BYTES * 2 + 5);
        Files.writeString(file, "first\n" + longLine + "\n");
        try (LockedFile ch = LockedFile.lock(file, false)) {
            assertEquals(longLine, FileAuditLog.lastLine(ch));
        }
        Files.writeString(file, longLine); // one line, no newline: the whole file
        try (LockedFile ch = LockedFile.lock(file, false)) {
            assertEquals(longLine, FileAuditLog.lastLine(ch));
        }
        Files.writeString(file, "a\nb\n");
        try (LockedFile ch = LockedFile.lock(file, false)) {
            assertEquals("b", FileAuditLog.lastLine(ch));
        }
        Files.writeString(file, "\u00e9t\u00e9\n");
        try (LockedFile ch = LockedFile.lock(file, false)) {
            assertEquals("\u00e9t\u00e9", FileAuditLog.lastLine(ch));
        }
        Files.writeString(file, "");
        try (LockedFile ch = LockedFile.lock(file, false)) {
            assertEquals("", FileAuditLog.lastLine(ch));
        }
    }

    @Test
    void defaultPathForRootXdgAndHome() {
        assertEquals(Path.of("/var/log/nucleus/audit.jsonl"), FileAuditLog.defaultPath(0, "/xdg", "/root"));
        assertEquals(Path.of("/xdg/state/nucleus/audit.jsonl"),
                FileAuditLog.defaultPath(1000, "/xdg/state", "/home/u"));
        assertEquals(Path.of("/home/u/.local/state/nucleus/audit.jsonl"),
                FileAuditLog.defaultPath(1000, null, "/home/u"));
        assertEquals(Path.of("/home/u/.local/state/nucleus/audit.jsonl"),
                FileAuditLog.defaultPath(1000, "  ", "/home/u"));
        assertEquals(Path.of("/tmp/.local/state/nucleus/audit.jsonl"), FileAuditLog.defaultPath(1000, null, null));
    }

    @Test
    void linesAreJsonObjectsOnlyNeverPrettyPrinted() throws IOException {
        FileAuditLog log = FileAuditLog.open(file, sink);
        log.record(rec("line\nbreak"));
        List<String> lines = lines();
        assertEquals(1, lines.size(), "a newline in the detail is escaped, not written");
        assertEquals("line\nbreak", MAPPER.readTree(lines.getFirst()).get("detail").asString());
        Iterator<String> it = lines.iterator();
        assertTrue(it.next().startsWith("{\"seq\":1,"));
    }
}
