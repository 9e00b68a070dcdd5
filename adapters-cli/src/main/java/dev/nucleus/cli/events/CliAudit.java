package dev.nucleus.cli.events;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.linux.audit.FileAuditLog;
import dev.nucleus.ports.out.AuditLog;
import dev.nucleus.ports.out.EventSink;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The audit log a launch writes: {@code --audit-log FILE} (a path that cannot be used is a bad
 * request, exit 2), else the default path ({@link FileAuditLog#defaultPath}), which, when it
 * cannot be used, costs a warning and no audit.
 */
public final class CliAudit {
    private CliAudit() {
    }

    public static AuditLog open(GlobalSettings globals, long uid, EventSink events) throws UsageException {
        if (globals.get(GlobalOption.AUDIT_LOG).isPresent()) {
            Path file = Path.of(globals.get(GlobalOption.AUDIT_LOG).get());
            try {
                return FileAuditLog.open(file, events);
            } catch (IOException | RuntimeException e) {
                throw new UsageException("--audit-log " + file + ": cannot append to it: " + e.getMessage());
            }
        }
        Path file = FileAuditLog.defaultPath(uid, System.getenv("XDG_STATE_HOME"), System.getenv("HOME"));
        try {
            return FileAuditLog.open(file, events);
        } catch (IOException | RuntimeException e) {
            events.warning("the audit log " + file + " cannot be written (" + e.getMessage() + "); give --audit-log FILE");
            return AuditLog.NONE;
        }
    }
}
