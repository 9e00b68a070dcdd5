package dev.nucleus.domain.audit;

/**
 * One audit record before the log adds its time, sequence number and the previous record's
 * SHA-256. {@code detail} never holds a secret: commands go through {@link CommandRedaction}.
 */
public record AuditRecord(String containerId, String containerName, AuditEvent event, String detail,
                          boolean error) {
    public static AuditRecord of(String id, String name, AuditEvent event, String detail) {
        return new AuditRecord(id, name, event, detail, false);
    }

    public static AuditRecord failure(String id, String name, AuditEvent event, String detail) {
        return new AuditRecord(id, name, event, detail, true);
    }
}
