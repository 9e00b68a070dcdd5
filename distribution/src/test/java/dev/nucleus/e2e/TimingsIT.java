package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code --timings}: the phases of one launch on stderr, the workload's output and status untouched. */
@Tag("root")
class TimingsIT {
    private static final Pattern LINE = Pattern.compile("^( *)timing (\\S+) +(\\d+\\.\\d\\d)(?:   .*)?$");

    /** name -> ms, in the order printed; each name once. */
    private static Map<String, Double> phases(String stderr) {
        Map<String, Double> phases = new LinkedHashMap<>();
        for (String line : stderr.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                phases.put(m.group(2), Double.parseDouble(m.group(3)));
            }
        }
        return phases;
    }

    @Test
    void aForegroundRunReportsEveryPhaseInOrderAndKeepsItsStatusAndOutput() {
        Nucleus.Result r = Nucleus.run("run", "--timings", "--", "/bin/sh", "-c", "echo out; exit 3");
        assertEquals(3, r.exit(), r.toString());
        assertEquals("out\n", r.out(), "the report goes to stderr only");
        assertTrue(r.err().startsWith("nucleus timings (ms):\n"), r.toString());
        Map<String, Double> p = phases(r.err());
        assertEquals(List.of("jvm", "parse", "launch", "create", "policies", "prepare", "seccomp", "plan", "encode",
                "clone", "join", "record", "hooks", "exec", "run", "stop", "total"), List.copyOf(p.keySet()), r.err());
        assertTrue(p.get("jvm") > 1 && p.get("jvm") < 5_000, "the JVM takes some time to start: " + r.err());
        double steps = p.entrySet().stream()
                .filter(e -> List.of("policies", "prepare", "seccomp", "plan", "encode", "clone", "join", "record", "hooks",
                        "exec").contains(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
        assertTrue(steps <= p.get("create") + 0.5, "the steps nest in create: " + r.err());
        assertTrue(p.get("create") + p.get("run") + p.get("stop") <= p.get("launch") + 0.5, r.err());
        assertTrue(p.get("parse") + p.get("launch") <= p.get("total") + 0.5, r.err());
    }

    @Test
    void aWorkloadThatCannotStartStillGetsItsReport() {
        Nucleus.Result r = Nucleus.run("run", "--timings", "--", "/nonexistent/program");
        assertEquals(127, r.exit(), r.toString());
        Map<String, Double> p = phases(r.err());
        assertTrue(p.containsKey("exec") && p.containsKey("total"), r.err());
    }

    @Test
    void aDryRunReportsTheStartUpAndParsingOnly() {
        Nucleus.Result r = Nucleus.run("run", "--dry-run", "--timings", "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("{"), "the spec is still printed: " + r);
        assertEquals(List.of("jvm", "total"), List.copyOf(phases(r.err()).keySet()), r.err());
    }

    @Test
    void detachedLaunchesRefuseItAndLeaveNothing(@org.junit.jupiter.api.io.TempDir Path root) throws Exception {
        Nucleus.Result r = Nucleus.run("--root", root.toString(), "run", "-d", "--timings", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--timings") && r.err().contains("-d"), r.toString());
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.filter(f -> !f.getFileName().toString().startsWith(".")).toList());
        }
    }
}
