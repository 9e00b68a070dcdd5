package dev.nucleus.domain.event;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A seccomp audit record ({@code type=1326}) as the kernel prints it to its log when no audit
 * daemon takes it: {@code audit: type=1326 audit(T:N): auid=.. uid=.. gid=.. ses=S pid=P
 * comm="c" exe="/e" sig=.. arch=c000003e syscall=NR compat=0 ip=0x.. code=0x50000}. Parsed field
 * by field (quoted values may hold spaces), never by substring: {@code ses} and {@code pid} are
 * whole numbers compared exactly.
 *
 * @param session the audit session ({@code ses}) the process belongs to
 * @param pid     its pid in the initial pid namespace
 * @param action  the filter's action, named: kill_process, kill_thread, trap, errno, user_notif,
 *                trace, log
 */
public record SeccompAuditRecord(long session, long pid, String comm, String exe, int syscall, String arch,
                                 String action) {
    static final String PREFIX = "audit: type=1326 audit(";

    /** Parses one kernel log record ({@code "prio,seq,usec,flags;text"}) or its text alone. */
    public static Optional<SeccompAuditRecord> parse(String record) {
        int semicolon = record.indexOf(';');
        String text = record.startsWith(PREFIX) || semicolon < 0 ? record : record.substring(semicolon + 1);
        text = text.strip();
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int end = text.indexOf("): ");
        if (end < 0) {
            return Optional.empty();
        }
        Map<String, String> fields = fields(text.substring(end + 3));
        try {
            return Optional.of(new SeccompAuditRecord(Long.parseUnsignedLong(required(fields, "ses")),
                    Long.parseLong(required(fields, "pid")), fields.getOrDefault("comm", ""),
                    fields.getOrDefault("exe", ""), Integer.parseInt(required(fields, "syscall")),
                    fields.getOrDefault("arch", ""), action(required(fields, "code"))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String required(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return v;
    }

    /** {@code key=value} pairs separated by spaces; a value in double quotes ends at the next quote. */
    static Map<String, String> fields(String text) {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq);
            int start = eq + 1;
            int stop;
            String value;
            if (start < text.length() && text.charAt(start) == '"') {
                stop = text.indexOf('"', start + 1);
                if (stop < 0) {
                    break;
                }
                value = text.substring(start + 1, stop);
                stop++;
            } else {
                stop = text.indexOf(' ', start);
                stop = stop < 0 ? text.length() : stop;
                value = text.substring(start, stop);
            }
            out.putIfAbsent(key, value);
            i = stop;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
        }
        return out;
    }

    /** SECCOMP_RET_ACTION_FULL of the record's {@code code}. */
    static String action(String code) {
        long value = Long.parseLong(code.startsWith("0x") ? code.substring(2) : code, 16);
        return switch ((int) (value & 0xFFFF0000L)) {
            case 0x80000000 -> "kill_process";
            case 0x00000000 -> "kill_thread";
            case 0x00030000 -> "trap";
            case 0x00050000 -> "errno";
            case 0x7FC00000 -> "user_notif";
            case 0x7FF00000 -> "trace";
            case 0x7FFC0000 -> "log";
            case 0x7FFF0000 -> "allow";
            default -> throw new IllegalArgumentException("unknown action " + code);
        };
    }
}
