package dev.nucleus.linux.seccomp;

import dev.nucleus.domain.seccomp.SyscallCount;
import dev.nucleus.domain.seccomp.SyscallRule;
import dev.nucleus.linux.jni.NativeSeccomp;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.text.TextPositions;
import dev.nucleus.linux.json.JsonText;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The trace log of {@code --seccomp-mode trace}: NDJSON, one line per syscall in number order,
 * {@code {"syscall": 0, "name": "read", "count": 12}} ({@code name} is null for a number
 * libseccomp cannot name).
 */
public final class SyscallTraceLog {
    /** A trace log that cannot be read; the message names the file, the line and what is wrong. */
    public static final class Malformed extends Exception {
        public Malformed(String message) {
            super(message);
        }
    }

    static final long MAX_BYTES = 1 << 20;
    private static final Set<String> FIELDS = Set.of("syscall", "name", "count");

    private SyscallTraceLog() {
    }

    /** Names each counted number and writes the log (replacing a regular file; never through a symlink). */
    public static List<SyscallCount> write(Path file, Map<Integer, Long> counts) throws IOException {
        List<SyscallCount> lines = new ArrayList<>();
        new TreeMap<>(counts).forEach((nr, count) ->
                lines.add(new SyscallCount(nr, NativeSeccomp.syscallName(nr), count)));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            for (SyscallCount c : lines) {
                JsonText line = JsonText.compact().put("syscall", c.number());
                if (c.name().isPresent()) {
                    line.put("name", c.name().get());
                } else {
                    line.putNull("name");
                }
                out.write(line.put("count", c.count()).finish());
                out.write('\n');
            }
        }
        return lines;
    }

    /** Reads a log; blank lines are skipped, anything else must be one well-formed record. */
    public static List<SyscallCount> read(Path file) throws IOException, Malformed {
        if (!Files.isRegularFile(file)) {
            throw new Malformed(file + ": not a regular file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new Malformed(file + ": larger than " + MAX_BYTES + " bytes; a trace log has one line per syscall");
        }
        List<SyscallCount> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                out.add(parse(file + ":" + (i + 1), lines.get(i)));
            }
        }
        if (out.isEmpty()) {
            throw new Malformed(file + ": no syscalls recorded");
        }
        return out;
    }

    /** The syscall names of a log: each line's name, else the name libseccomp gives its number. */
    public static List<String> names(Path file, List<SyscallCount> counts) throws Malformed {
        List<String> out = new ArrayList<>();
        for (SyscallCount c : counts) {
            Optional<String> name = c.name().isPresent() ? c.name() : NativeSeccomp.syscallName(c.number());
            if (name.isEmpty()) {
                throw new Malformed(file + ": syscall " + c.number() + " has no name on x86_64");
            }
            out.add(name.get());
        }
        return out;
    }

    private static SyscallCount parse(String where, String line) throws Malformed {
        Object value;
        try {
            value = JsonReader.readStrict(line);
        } catch (JsonReader.Malformed e) {
            throw new Malformed(where + ": not JSON: " + e.what() + " at column " + TextPositions.column(line, e.offset()));
        }
        if (!(value instanceof Map<?, ?> node)) {
            throw new Malformed(where + ": expected an object {\"syscall\", \"name\", \"count\"}");
        }
        for (Object field : node.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new Malformed(where + ": unknown field '" + field + "' (expected syscall, name, count)");
            }
        }
        if (!(node.get("syscall") instanceof Long nr) || nr < 0 || nr > Integer.MAX_VALUE) {
            throw new Malformed(where + ": \"syscall\" must be a syscall number (an integer >= 0)");
        }
        if (!(node.get("count") instanceof Long count) || count < 1) {
            throw new Malformed(where + ": \"count\" must be an integer >= 1");
        }
        Object name = node.get("name");
        Optional<String> named = Optional.empty();
        if (name != null && name != JsonReader.NULL) {
            if (!(name instanceof String text) || !SyscallRule.isSyscallName(text)) {
                throw new Malformed(where + ": \"name\" must be a syscall name like \"read\", or null");
            }
            named = Optional.of(text);
            // A name this host does not give that number would be left out of the enforcing
            // filter (only a warning there), and the workload killed by the call it traced.
            Optional<String> known = NativeSeccomp.syscallName(nr.intValue());
            if (!named.equals(known)) {
                throw new Malformed(where + ": syscall " + nr.intValue() + (known.isPresent()
                        ? " is \"" + known.get() + "\" on x86_64, not \"" + named.get() + "\""
                        : " has no name on x86_64, so \"" + named.get() + "\" cannot be enforced"));
            }
        }
        return new SyscallCount(nr.intValue(), named, count);
    }
}
