package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.value.EnvVar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --env-fd}'s two JSON forms, and what it refuses without quoting a value. */
class EnvFdReaderTest {
    @TempDir
    Path tmp;

    private List<String> read(byte[] content) throws Exception {
        return EnvFdReader.read(Files.write(tmp.resolve("env.json"), content)).stream().map(v -> v.key() + "=" + v.value()).toList();
    }

    private String refusal(byte[] content) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> EnvFdReader.read(Files.write(tmp.resolve("env.json"), content)));
        return String.join("; ", e.problems().stream().map(Problem::toString).toList());
    }

    @Test
    void anObjectAndAnArrayOfKeyValueStringsBothRead() throws Exception {
        assertEquals(List.of("API_TOKEN=s3cr\"t é", "EMPTY="),
                read("{\"API_TOKEN\": \"s3cr\\\"t \\u00e9\", \"EMPTY\": \"\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of("A=1", "B=x=y"), read("[\"A=1\", \"B=x=y\"]".getBytes()));
    }

    @Test
    void anythingElseIsRefusedNamingNoValue() {
        assertEquals("--env-fd: expected a JSON object or an array of KEY=VALUE", refusal("{\"A\": \"hunter2\"".getBytes()));
        assertEquals("--env-fd: expected a JSON object or an array of KEY=VALUE", refusal("\"A=hunter2\"".getBytes()));
        assertEquals("--env-fd: expected a JSON object or an array of KEY=VALUE",
                refusal(new byte[] {'{', '"', 'A', '"', ':', '"', (byte) 0xFF, '"', '}'}));
        assertEquals("--env-fd: the value of A must be a string", refusal("{\"A\": 7}".getBytes()));
        assertEquals("--env-fd: the key \"A\" is set twice: give each key once",
                refusal("{\"A\": \"hunter2\", \"A\": \"hunter3\"}".getBytes()));
        assertEquals("--env-fd: the key \"A\" is set twice: give each key once",
                refusal("[\"A=hunter2\", \"B=1\", \"A=hunter3\"]".getBytes()));
        assertEquals("--env-fd: array entries must be KEY=VALUE strings", refusal("[\"A=1\", 2]".getBytes()));
        String injection = refusal("{\"LD_PRELOAD\": \"/tmp/hunter2.so\"}".getBytes());
        assertEquals("--env-fd: key LD_PRELOAD can inject code into every program and is refused", injection);
        assertFalse(injection.contains("hunter2"));
    }
}
