package dev.nucleus.linux.audit;

import dev.nucleus.linux.jni.NativeFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit log's chain: record N carries {@code seq} N and {@code prev_sha256}, the SHA-256 of
 * record N-1's line exactly as written (the first record's is 64 zeros). An edited record breaks
 * the next record's hash; a deleted or inserted one breaks the sequence and the hash where it was.
 * A chain cannot see an edit of its last record, nor a cut-off tail: nothing after them chains to
 * them. So {@code audit verify} prints the log's {@link Head} to keep elsewhere (a later
 * verify given it checks that the record it names is still there, unchanged), see {@link #verify(List, String)}.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    /** Built by {@link #verify} only: appending to the chain needs no mapper. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    private AuditChain() {
    }

    /** Hashed natively: every launch chains some ten records, and the cold JVM interprets Java's SHA-256. */
    public static String sha256(String line) {
        return java.util.HexFormat.of().formatHex(NativeFiles.sha256(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * The last record's seq and the SHA-256 of its line ({@code seq} 0 and {@link #GENESIS} for an
     * empty log): kept outside the log, it anchors the chain's end.
     */
    public record Head(long seq, String sha256) {
        @Override
        public String toString() {
            return "seq " + seq + " sha256 " + sha256;
        }
    }

    /** The head of a log's lines, as a later {@link #verify(List, String)} expects it. */
    public static Head head(List<String> lines) {
        if (lines.isEmpty()) {
            return new Head(0, GENESIS);
        }
        String last = lines.getLast();
        long seq;
        try {
            JsonNode record = Json.MAPPER.readTree(last).get("seq");
            seq = record != null && record.isIntegralNumber() ? record.asLong() : lines.size();
        } catch (JacksonException e) {
            seq = lines.size();
        }
        return new Head(seq, sha256(last));
    }

    /**
     * {@link #verify(List)}, and that a head kept earlier ({@code expectedSha256}, the SHA-256 of the
     * line that was last then) is still one of the lines: the log may have grown since, and the
     * lines after it are checked to chain from it. Missing, it was edited or removed, or the log was
     * cut or rotated before it.
     */
    public static List<String> verify(List<String> lines, String expectedSha256) {
        return check(lines, expectedSha256);
    }

    /** Every break in the chain, by line number (1-based); empty when the log is intact. */
    public static List<String> verify(List<String> lines) {
        return check(lines, GENESIS);
    }

    /** The chain's breaks, and a missing {@code head} (the genesis hash, an empty log's, is always there). */
    private static List<String> check(List<String> lines, String head) {
        List<String> problems = new ArrayList<>();
        boolean headSeen = head.equals(GENESIS);
        String prevHash = GENESIS;
        long prevSeq = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int n = i + 1;
            JsonNode record;
            try {
                record = Json.MAPPER.readTree(line);
            } catch (JacksonException e) {
                problems.add("line " + n + ": not a JSON record (edited or inserted)");
                prevHash = sha256(line);
                headSeen |= prevHash.equals(head);
                prevSeq++;
                continue;
            }
            JsonNode seq = record.get("seq");
            JsonNode prev = record.get("prev_sha256");
            if (seq == null || !seq.isIntegralNumber() || prev == null || !prev.isString()) {
                problems.add("line " + n + ": no seq or prev_sha256 (not a record of this log)");
            } else {
                if (seq.asLong() != prevSeq + 1) {
                    problems.add("line " + n + ": seq " + seq.asLong() + " follows " + prevSeq + " ("
                            + (seq.asLong() > prevSeq + 1 ? (seq.asLong() - prevSeq - 1) + " record(s) deleted before it"
                            : "a record inserted or repeated") + ")");
                }
                if (!prev.asString().equals(prevHash)) {
                    problems.add("line " + n + ": prev_sha256 does not match " + (n == 1 ? "the start of the log"
                            : "line " + (n - 1)) + " (a record was edited, deleted or inserted there)");
                }
                prevSeq = seq.asLong();
            }
            prevHash = sha256(line);
            headSeen |= prevHash.equals(head);
        }
        if (!headSeen) {
            problems.add("no record hashes to the expected head " + head + ": the record that was last"
                    + " when it was taken was edited or removed, or the log was cut or rotated since");
        }
        return problems;
    }
}
