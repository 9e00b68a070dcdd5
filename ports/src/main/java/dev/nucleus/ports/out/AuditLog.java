package dev.nucleus.ports.out;

import dev.nucleus.domain.audit.AuditRecord;

/**
 * The tamper-evident audit log: each record is appended with its time, a sequence number and the
 * SHA-256 of the record before it. Writing never fails a launch; a log that cannot be written says
 * so once as a warning.
 */
public interface AuditLog {
    void record(AuditRecord record);

    /** Several records at once, in order (a file log appends them in one go). */
    default void recordAll(java.util.List<AuditRecord> records) {
        records.forEach(this::record);
    }

    /** For a caller that audits nothing (tests, tools). A class, as {@link EventSink#NONE} says why. */
    AuditLog NONE = new AuditLog() {
        @Override
        public void record(AuditRecord record) {
        }
    };
}
