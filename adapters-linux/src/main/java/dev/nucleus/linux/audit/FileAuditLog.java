package dev.nucleus.linux.audit;

import dev.nucleus.domain.audit.AuditRecord;
import dev.nucleus.linux.jni.LockedFile;
import dev.nucleus.linux.json.JsonText;
import dev.nucleus.linux.sys.JvmFileLocks;
import dev.nucleus.ports.out.AuditLog;
import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The audit log file (JSON lines, 0600, never through a symlink). Each append takes an exclusive
 * lock on the file, reads the last record for its sequence number and hash, and writes the next
 * one, so concurrent runs extend one chain ({@link AuditChain}).
 */
public final class FileAuditLog implements AuditLog {
    /** A record is some hundreds of bytes: a first read this long nearly always holds the last line. */
    static final int TAIL_BYTES = 4096;
    static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
    private static final String SEQ_PREFIX = "{\"seq\":";


    private final Path file;
    private final EventSink warnings;
    private boolean failed;
    /** The last record this instance appended, with its seq and hash: found again as the file's last line, it is not hashed again. */
    private String appended;
    private long appendedSeq;
    private String appendedHash;

    private FileAuditLog(Path file, EventSink warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** Opens (creating 0600, and its directory 0700) the log; an unusable path is an IOException. */
    public static FileAuditLog open(Path file, EventSink warnings) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !dir.toFile().isDirectory()) { // java.io's stat: warm, where NIO's is not
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // Created (0600, no symlink followed) and writable. Under this JVM's lock too: a POSIX lock
        // taken here would be granted beside another thread's and, closed, release that one.
        ReentrantLock inProcess = JvmFileLocks.of(file);
        inProcess.lock();
        try {
            LockedFile.lock(file, true).close();
        } finally {
            inProcess.unlock();
        }
        return new FileAuditLog(file, warnings);
    }

    /** {@code /var/log/nucleus/audit.jsonl} for root, else {@code $XDG_STATE_HOME/nucleus/audit.jsonl}. */
    public static Path defaultPath(long uid, String xdgStateHome, String home) {
        if (uid == 0) {
            return Path.of("/var/log/nucleus/audit.jsonl");
        }
        if (xdgStateHome != null && !xdgStateHome.isBlank()) {
            return Path.of(xdgStateHome, "nucleus", "audit.jsonl");
        }
        return Path.of(home == null ? "/tmp" : home, ".local", "state", "nucleus", "audit.jsonl");
    }

    @Override
    public void record(AuditRecord r) {
        recordAll(List.of(r));
    }

    /** The records in one locked append: one open, one tail read, one write (start-up cost). */
    @Override
    public synchronized void recordAll(List<AuditRecord> records) {
        if (failed || records.isEmpty()) {
            return;
        }
        ReentrantLock inProcess = JvmFileLocks.of(file);
        inProcess.lock();
        try (LockedFile log = LockedFile.lock(file, false)) {
            String last = lastLine(log);
            long seq = 1;
            String prev = AuditChain.GENESIS;
            if (last.equals(appended)) {
                // still our own last record (no other process appended since): its seq and hash are known
                seq = appendedSeq + 1;
                prev = appendedHash;
            } else if (!last.isEmpty()) {
                seq = lastSeq(last) + 1;
                prev = AuditChain.sha256(last);
            }
            StringBuilder lines = new StringBuilder();
            String record = null;
            for (AuditRecord r : records) {
                record = JsonText.compact().put("seq", seq++).put("timestamp", UtcMillis.format(System.currentTimeMillis()))
                        .put("container_id", r.containerId()).put("container_name", r.containerName())
                        .put("event_type", r.event().wireName()).put("detail", r.detail()).put("is_error", r.error())
                        .put("prev_sha256", prev).finish();
                prev = AuditChain.sha256(record);
                lines.append(record).append('\n');
            }
            log.append(lines.toString().getBytes(StandardCharsets.UTF_8));
            appended = record;
            appendedSeq = seq - 1;
            appendedHash = prev;
        } catch (IOException | RuntimeException e) {
            failed = true;
            warnings.warning("audit log " + file + " cannot be written, no more records go to it: " + e.getMessage());
        } finally {
            inProcess.unlock();
        }
    }

    /** Every record this log writes starts with its seq: no JSON parser is needed (start-up cost). */
    static long lastSeq(String line) throws IOException {
        int end = SEQ_PREFIX.length();
        if (line.startsWith(SEQ_PREFIX)) {
            while (end < line.length() && end - SEQ_PREFIX.length() < 18 && line.charAt(end) >= '0'
                    && line.charAt(end) <= '9') {
                end++;
            }
        }
        if (end == SEQ_PREFIX.length() || end >= line.length() || line.charAt(end) != ',') {
            throw new IOException("the last line is not a record of this log (no leading seq)");
        }
        return Long.parseLong(line, SEQ_PREFIX.length(), end, 10);
    }

    /**
     * The file's last line (without its newline), or "" for an empty file. The tail is read
     * {@link #TAIL_BYTES} at first, and further back while it holds no line break, so one long
     * record (a long command) does not stop the log; a line past {@link #MAX_RECORD_BYTES} does.
     */
    static String lastLine(LockedFile log) throws IOException {
        long size = log.size();
        if (size == 0) {
            return "";
        }
        for (long len = Math.min(size, TAIL_BYTES); ; len = Math.min(size, len * 2)) {
            // The line break is looked for in the bytes, and only the last line decoded.
            byte[] tail = log.read(size - len, (int) len);
            int end = tail.length;
            if (end > 0 && tail[end - 1] == '\n') {
                end--;
            }
            int nl = end - 1;
            while (nl >= 0 && tail[nl] != '\n') {
                nl--;
            }
            if (nl >= 0 || len == size) {
                return new String(tail, nl + 1, end - nl - 1, StandardCharsets.UTF_8);
            }
            if (len >= MAX_RECORD_BYTES) {
                throw new IOException("the last record is longer than " + MAX_RECORD_BYTES + " bytes");
            }
        }
    }
}
