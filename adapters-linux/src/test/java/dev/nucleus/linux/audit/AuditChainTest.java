package dev.nucleus.linux.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.audit.AuditEvent;
import dev.nucleus.domain.audit.AuditRecord;
import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering with the audit log shows up where it happened. */
class AuditChainTest {
    private static final EventSink NO_WARNINGS = event -> {
        throw new AssertionError("unexpected event: " + event);
    };

    @TempDir
    Path tmp;
    Path file;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("audit.jsonl");
    }

    /** Five records written by the log itself, as its lines. */
    private List<String> written(int n) throws IOException {
        FileAuditLog log = FileAuditLog.open(file, NO_WARNINGS);
        for (int i = 1; i <= n; i++) {
            log.record(AuditRecord.of("id" + i, "c" + i, AuditEvent.CONTAINER_START, "record number " + i));
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static String byHand(long seq, String prev, String detail) {
        return "{\"seq\":" + seq + ",\"timestamp\":\"2025-01-01T00:00:00.000Z\",\"container_id\":\"x\","
                + "\"container_name\":\"n\",\"event_type\":\"container_start\",\"detail\":\"" + detail
                + "\",\"is_error\":false,\"prev_sha256\":\"" + prev + "\"}";
    }

    @Test
    void genesisIsSixtyFourZerosAndTheHashIsSha256OfTheUtf8Line() {
        assertEquals("0".repeat(64), AuditChain.GENESIS);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditChain.sha256(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AuditChain.sha256("abc"));
    }

    @Test
    void anIntactLogHasNoProblems() throws IOException {
        List<String> lines = written(5);
        assertEquals(5, lines.size());
        assertEquals(List.of(), AuditChain.verify(lines));
    }

    @Test
    void aChainBuiltByHandVerifies() {
        String a = byHand(1, AuditChain.GENESIS, "a");
        String b = byHand(2, AuditChain.sha256(a), "b");
        String c = byHand(3, AuditChain.sha256(b), "c");
        assertEquals(List.of(), AuditChain.verify(List.of(a, b, c)));
    }

    @Test
    void anEmptyLogIsIntact() throws IOException {
        FileAuditLog.open(file, NO_WARNINGS);
        assertEquals(0, Files.size(file));
        assertEquals(List.of(), AuditChain.verify(Files.readAllLines(file)));
    }

    @Test
    void editingOneByteOfARecordBreaksTheNextRecordsHash() throws IOException {
        List<String> lines = new ArrayList<>(written(5));
        int k = 3;
        String edited = lines.get(k - 1).replace("record number 3", "record number 4");
        assertEquals(lines.get(k - 1).length(), edited.length());
        lines.set(k - 1, edited);
        List<String> problems = AuditChain.verify(lines);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("line " + (k + 1) + ": prev_sha256 does not match line " + k),
                problems.toString());
    }

    @Test
    void editingTheIsErrorFlagIsDetectedToo() throws IOException {
        List<String> lines = new ArrayList<>(written(3));
        lines.set(0, lines.get(0).replace("\"is_error\":false", "\"is_error\":true "));
        List<String> problems = AuditChain.verify(lines);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("line 2: prev_sha256 does not match line 1"), problems.toString());
    }

    @Test
    void deletingAMiddleRecordReportsTheGapAndTheHashBreakThere() throws IOException {
        List<String> lines = new ArrayList<>(written(5));
        lines.remove(2); // seq 3
        List<String> problems = AuditChain.verify(lines);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("line 3: seq 4 follows 2 (1 record(s) deleted before it)"),
                problems.toString());
        assertTrue(problems.get(1).startsWith("line 3: prev_sha256 does not match line 2"), problems.toString());
    }

    @Test
    void deletingSeveralRecordsCountsThem() throws IOException {
        List<String> lines = new ArrayList<>(written(6));
        lines.subList(1, 4).clear(); // seq 2, 3, 4
        List<String> problems = AuditChain.verify(lines);
        assertTrue(problems.get(0).startsWith("line 2: seq 5 follows 1 (3 record(s) deleted before it)"),
                problems.toString());
        assertTrue(problems.get(1).startsWith("line 2: prev_sha256 does not match line 1"), problems.toString());
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void insertingACopiedRecordReportsTheRepeatedSeq() throws IOException {
        List<String> lines = new ArrayList<>(written(5));
        lines.add(2, lines.get(1)); // a second seq 2 after the first
        List<String> problems = AuditChain.verify(lines);
        assertTrue(problems.contains("line 3: seq 2 follows 2 (a record inserted or repeated)"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 3: prev_sha256 does not match line 2")),
                problems.toString());
        assertEquals(2, problems.size(), "the copy's successor still chains to an identical line: " + problems);
    }

    @Test
    void aRecordMovedBackwardsReportsTheDecreasingSeq() throws IOException {
        List<String> lines = new ArrayList<>(written(4));
        String two = lines.remove(1);
        lines.add(two); // 1, 3, 4, 2
        List<String> problems = AuditChain.verify(lines);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 4: seq 2 follows 4")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("line 2: seq 3 follows 1")), problems.toString());
    }

    @Test
    void aNonJsonLineIsReported() throws IOException {
        List<String> lines = new ArrayList<>(written(3));
        lines.add(1, "this is not a record");
        List<String> problems = AuditChain.verify(lines);
        assertTrue(problems.contains("line 2: not a JSON record (edited or inserted)"), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.startsWith("line 2:") || p.startsWith("line 3:")),
                problems.toString());
    }

    @Test
    void aJsonLineWithoutSeqOrHashIsReported() throws IOException {
        List<String> lines = new ArrayList<>(written(2));
        lines.add("{\"event_type\":\"container_start\"}");
        List<String> problems = AuditChain.verify(lines);
        assertEquals(List.of("line 3: no seq or prev_sha256 (not a record of this log)"), problems);
    }

    @Test
    void aTruncatedLastRecordIsReported() throws IOException {
        List<String> lines = new ArrayList<>(written(3));
        String last = lines.removeLast();
        lines.add(last.substring(0, last.length() / 2));
        List<String> problems = AuditChain.verify(lines);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("line 3: not a JSON record"), problems.toString());
    }

    @Test
    void aLogWhoseFirstRecordIsMissingIsReported() throws IOException {
        List<String> lines = new ArrayList<>(written(3));
        lines.removeFirst();
        List<String> problems = AuditChain.verify(lines);
        assertEquals(List.of("line 1: seq 2 follows 0 (1 record(s) deleted before it)",
                "line 1: prev_sha256 does not match the start of the log (a record was edited, deleted or inserted there)"),
                problems);
    }

    @Test
    void aFirstRecordNotChainedToGenesisIsReported() {
        String a = byHand(1, "f".repeat(64), "a");
        String b = byHand(2, AuditChain.sha256(a), "b");
        List<String> problems = AuditChain.verify(List.of(a, b));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("line 1: prev_sha256 does not match the start of the log"),
                problems.toString());
    }

    @Test
    void aFirstRecordNotStartingAtSeqOneIsReported() {
        String a = byHand(7, AuditChain.GENESIS, "a");
        String b = byHand(8, AuditChain.sha256(a), "b");
        assertEquals(List.of("line 1: seq 7 follows 0 (6 record(s) deleted before it)"),
                AuditChain.verify(List.of(a, b)));
    }

    @Test
    void theHashIsOverTheLineExactlyAsWritten() {
        String a = byHand(1, AuditChain.GENESIS, "a");
        String b = byHand(2, AuditChain.sha256(a), "b");
        // the same JSON value, written with a space: a different line, a different hash
        String reformatted = a.replace("\"seq\":1,", "\"seq\": 1,");
        List<String> problems = AuditChain.verify(List.of(reformatted, b));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("line 2: prev_sha256 does not match line 1"), problems.toString());
    }

    @Test
    void theHeadIsTheLastRecordsSeqAndLineHash() throws IOException {
        List<String> lines = written(4);
        assertEquals(new AuditChain.Head(4, AuditChain.sha256(lines.getLast())), AuditChain.head(lines));
        assertEquals(new AuditChain.Head(0, AuditChain.GENESIS), AuditChain.head(List.of()));
    }

    @Test
    void anEditOfTheLastRecordIsFoundOnlyAgainstAHeadKeptBefore() throws IOException {
        List<String> lines = new ArrayList<>(written(4));
        String head = AuditChain.head(lines).sha256();
        lines.set(3, lines.get(3).replace("record number 4", "record number 5"));
        assertEquals(List.of(), AuditChain.verify(lines), "the chain alone cannot see it");
        List<String> problems = AuditChain.verify(lines, head);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("no record hashes to the expected head " + head), problems.toString());
    }

    @Test
    void aCutOffTailIsFoundAgainstAHeadKeptBefore() throws IOException {
        List<String> lines = written(5);
        String head = AuditChain.head(lines).sha256();
        assertEquals(1, AuditChain.verify(lines.subList(0, 3), head).size());
    }

    @Test
    void aLogThatGrewSinceItsHeadWasKeptVerifiesAgainstIt() throws IOException {
        String head = AuditChain.head(written(3)).sha256();
        FileAuditLog log = FileAuditLog.open(file, NO_WARNINGS);
        log.record(AuditRecord.of("id9", "c9", AuditEvent.CONTAINER_STOP, "later"));
        List<String> grown = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(4, grown.size());
        assertEquals(List.of(), AuditChain.verify(grown, head));
        assertEquals(List.of(), AuditChain.verify(List.of(), AuditChain.GENESIS), "an empty log's head");
    }
}
