package dev.nucleus.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.config.ConfigDocuments;
import dev.nucleus.cli.config.ConfigFormat;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.ports.service.LaunchResolution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The dry-run document: the example configs and awkward strings, each exactly as Jackson wrote it. */
class SpecJsonTest {
    private static final Invoker ROOT = new Invoker(0, 0);

    private static ContainerSpec resolve(RawLaunchRequest raw) throws Exception {
        return new LaunchResolution().resolve(raw, ROOT);
    }

    @Test
    void theExampleConfigsRenderAsJacksonRenderedThem() throws Exception {
        Path examples = Path.of("..", "examples");
        int rendered = 0;
        try (var files = Files.list(examples)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                RawLaunchRequest raw = ConfigDocuments.parse(Files.readString(f), f.toString(), ConfigFormat.TOML);
                ContainerSpec spec;
                try {
                    spec = resolve(raw);
                } catch (dev.nucleus.domain.launch.InvalidRequestException refusedHere) {
                    continue; // an example that needs files of another host
                }
                assertEquals(JacksonSpecJson.render(spec), SpecJson.render(spec), f.toString());
                rendered++;
            }
        }
        assertTrue(rendered >= 1, "no example config resolved");
    }

    @Test
    void quotesBackslashesControlCharactersAndUnicodeAreEscapedAsJacksonDid() throws Exception {
        ContainerSpec spec = resolve(new RawLaunchRequest(Map.of(), List.of("/bin/echo", "a\"b\\c", "tab\there",
                "nl\nx", "\u0001\u001f", "é ☃ 😀", "</script>"), RawLaunchRequest.Origin.FLAGS));
        String json = SpecJson.render(spec);
        assertEquals(JacksonSpecJson.render(spec), json);
        assertTrue(json.contains("\"a\\\"b\\\\c\""), json);
        assertFalse(json.contains("\u0001"), "control characters are escaped");
    }
}
