package dev.nucleus.cli.common;

import dev.nucleus.domain.value.AsciiText;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Values of the {@link GlobalOption}s, validated. */
public record GlobalSettings(Map<GlobalOption, String> values) {
    public GlobalSettings {
        values = Map.copyOf(values);
    }

    public static GlobalSettings empty() {
        return new GlobalSettings(Map.of());
    }

    public Optional<String> get(GlobalOption option) {
        return Optional.ofNullable(values.get(option));
    }

    public GlobalSettings with(GlobalOption option, String value) throws UsageException {
        if (values.containsKey(option)) {
            throw new UsageException(option.flag() + " given twice");
        }
        check(option, value);
        Map<GlobalOption, String> copy = new HashMap<>(); // no EnumMap: its first use reads the enum by reflection
        copy.putAll(values);
        copy.put(option, value);
        if (copy.containsKey(GlobalOption.EVENTS_FD) && copy.containsKey(GlobalOption.EVENTS_JSONL)) {
            throw new UsageException("--events-fd and --events-jsonl cannot be combined; choose one");
        }
        return new GlobalSettings(copy);
    }

    private static void check(GlobalOption option, String value) throws UsageException {
        switch (option) {
            case LOG_FORMAT -> {
                if (!value.equals("text") && !value.equals("json")) {
                    throw new UsageException("--log-format: invalid value '" + value + "': expected text or json");
                }
            }
            case LOG_LEVEL -> {
                if (!java.util.List.of("error", "warn", "info", "debug", "trace").contains(AsciiText.lowerCase(value))) {
                    throw new UsageException("--log-level: invalid value '" + value
                            + "': expected error, warn, info, debug or trace");
                }
            }
            case EVENTS_FD -> {
                int fd;
                try {
                    fd = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    fd = -1;
                }
                if (fd < 3) {
                    throw new UsageException("--events-fd: invalid value '" + value
                            + "': expected an inherited fd of 3 or more (0-2 are stdio)");
                }
            }
            case ROOT, LOG, EVENTS_JSONL, AUDIT_LOG -> {
                if (value.isBlank()) {
                    throw new UsageException(option.flag() + ": expected a path");
                }
                if (option == GlobalOption.LOG) {
                    logFile(value);
                }
            }
        }
    }

    /**
     * logback would make missing directories (as root, anywhere) and print its own stack trace for a
     * directory, then run on without a log: refused here instead.
     */
    private static void logFile(String value) throws UsageException {
        java.nio.file.Path file = java.nio.file.Path.of(value).toAbsolutePath();
        if (java.nio.file.Files.isDirectory(file)) {
            throw new UsageException("--log " + value + ": is a directory; name a file");
        }
        if (!java.nio.file.Files.isDirectory(file.getParent())) {
            throw new UsageException("--log " + value + ": its directory " + file.getParent() + " does not exist");
        }
    }
}
