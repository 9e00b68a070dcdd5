package dev.nucleus.linux.seccomp;

import dev.nucleus.domain.seccomp.SyscallCount;
import dev.nucleus.linux.jni.NativeSeccomp;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
import java.util.regex.Pattern;

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
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
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
                ObjectNode line = MAPPER.createObjectNode();
                line.put("syscall", c.number());
                if (c.name().isPresent()) {
                    line.put("name", c.name().get());
                } else {
                    line.putNull("name");
                }
                line.put("count", c.count());
                out.write(MAPPER.writeValueAsString(line));
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
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException e) {
            throw new Malformed(where + ": not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new Malformed(where + ": expected an object {\"syscall\", \"name\", \"count\"}");
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new Malformed(where + ": unknown field '" + field + "' (expected syscall, name, count)");
            }
        }
        JsonNode nr = node.get("syscall");
        JsonNode count = node.get("count");
        JsonNode name = node.get("name");
        if (nr == null || !nr.canConvertToInt() || !nr.isIntegralNumber() || nr.intValue() < 0) {
            throw new Malformed(where + ": \"syscall\" must be a syscall number (an integer >= 0)");
        }
        if (count == null || !count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 1) {
            throw new Malformed(where + ": \"count\" must be an integer >= 1");
        }
        Optional<String> named = Optional.empty();
        if (name != null && !name.isNull()) {
            if (!name.isString() || !NAME.matcher(name.stringValue()).matches()) {
                throw new Malformed(where + ": \"name\" must be a syscall name like \"read\", or null");
            }
            named = Optional.of(name.stringValue());
            // A name this host does not give that number would be left out of the enforcing
            // filter (only a warning there), and the workload killed by the call it traced.
            Optional<String> known = NativeSeccomp.syscallName(nr.intValue());
            if (!named.equals(known)) {
                throw new Malformed(where + ": syscall " + nr.intValue() + (known.isPresent()
                        ? " is \"" + known.get() + "\" on x86_64, not \"" + named.get() + "\""
                        : " has no name on x86_64, so \"" + named.get() + "\" cannot be enforced"));
            }
        }
        return new SyscallCount(nr.intValue(), named, count.longValue());
    }
}
