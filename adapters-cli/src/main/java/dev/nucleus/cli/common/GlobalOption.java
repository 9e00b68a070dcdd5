package dev.nucleus.cli.common;

/**
 * Options that apply to every command rather than to a launch. They may precede the command
 * ({@code nucleus --root /tmp/n ps}) or follow it, and may be mixed with {@code --config}.
 */
public enum GlobalOption {
    ROOT("--root", "DIR", "State directory (default /run/nucleus as root, else $XDG_RUNTIME_DIR/nucleus; env NUCLEUS_STATE_DIR)."),
    LOG("--log", "FILE", "Write Nucleus's own log to this file instead of stderr."),
    LOG_FORMAT("--log-format", "FORMAT", "Log format: text (default) or json."),
    LOG_LEVEL("--log-level", "LEVEL", "Log level: error, warn (default), info, debug or trace."),
    EVENTS_FD("--events-fd", "FD", "Write lifecycle events as JSON lines to this inherited fd (3 or more)."),
    EVENTS_JSONL("--events-jsonl", "FILE", "Append lifecycle events as JSON lines to this file."),
    AUDIT_LOG("--audit-log", "FILE", "Append the hash-chained audit log here (default /var/log/nucleus/audit.jsonl as root).");

    private final String flag;
    private final String label;
    private final String description;

    GlobalOption(String flag, String label, String description) {
        this.flag = flag;
        this.label = label;
        this.description = description;
    }

    public String flag() {
        return flag;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    public static GlobalOption byFlag(String flag) {
        for (GlobalOption g : values()) {
            if (g.flag.equals(flag)) {
                return g;
            }
        }
        return null;
    }
}
