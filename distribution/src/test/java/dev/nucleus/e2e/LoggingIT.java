package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --log}, {@code --log-format} and {@code --log-level}, before or after the command. */
class LoggingIT {
    @TempDir
    Path tmp;

    @Test
    void defaultLevelKeepsStderrQuietOnSuccess() {
        Nucleus.Result r = Nucleus.run("run", "--dry-run", "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void infoGoesToTheLogFileAsText() throws IOException {
        Path log = tmp.resolve("nucleus.log");
        Nucleus.Result r = Nucleus.run("--log", log.toString(), "run", "--log-level", "info", "--dry-run",
                "--network", "bridge", "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), "the log went to the file, not stderr");
        String text = Files.readString(log);
        assertTrue(text.matches("(?s)\\d{4}-\\d\\d-\\d\\dT.* INFO  run: launch resolved: mode=agent .*network=bridge.*\n"),
                text);
    }

    @Test
    void jsonLinesParseAndNeverCarryEnvironmentValues() {
        Nucleus.Result r = Nucleus.run("--log-format", "json", "--log-level", "debug", "run", "--dry-run",
                "-e", "API_TOKEN=hunter2-secret", "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertFalse(lines.isEmpty(), r.toString());
        JsonNode first = JsonMapper.builder().build().readTree(lines.getFirst());
        assertEquals("INFO", first.get("level").asString());
        assertTrue(first.get("message").asString().startsWith("launch resolved"), r.err());
        assertFalse(r.err().contains("hunter2"), r.err());
        assertFalse(r.out().contains("hunter2"), "dry-run redacts environment values");
    }

    @Test
    void aGlobalOptionGivenTwiceIsRefused() {
        Nucleus.Result r = Nucleus.run("--log-level", "info", "ps", "--log-level", "debug");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--log-level given twice"), r.toString());
    }
}
