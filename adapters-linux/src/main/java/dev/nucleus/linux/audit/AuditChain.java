package dev.nucleus.linux.audit;

import dev.nucleus.domain.value.Sha256;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * The audit log's chain: record N carries {@code seq} N and {@code prev_sha256}, the SHA-256 of
 * record N-1's line exactly as written (the first record's is 64 zeros). An edited record breaks
 * the next record's hash; a deleted or inserted one breaks the sequence and the hash where it was.
 * (A cut-off tail leaves a valid, shorter chain: keep a copy of the last hash elsewhere to detect it.)
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    /** Built by {@link #verify} only: appending to the chain needs no mapper. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    private AuditChain() {
    }

    public static String sha256(String line) {
        return Sha256.hex(line);
    }

    /** Every break in the chain, by line number (1-based); empty when the log is intact. */
    public static List<String> verify(List<String> lines) {
        List<String> problems = new ArrayList<>();
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
        }
        return problems;
    }
}
