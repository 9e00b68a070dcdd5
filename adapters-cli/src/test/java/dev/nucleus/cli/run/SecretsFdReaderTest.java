package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.cli.common.CallerFds;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsFdReaderTest {
    @TempDir
    Path tmp;

    private static RawLaunchRequest request(Map<LaunchOption, List<String>> values) {
        return new RawLaunchRequest(values, List.of("/bin/true"), RawLaunchRequest.Origin.FLAGS);
    }

    /** The fd's secrets follow the --secret ones, and the fd is gone from the request. */
    @Test
    void theFdsSecretsJoinTheSecretList() throws Exception {
        Path json = Files.writeString(tmp.resolve("s.json"), "[\"/run/keys/a:/run/secrets/a\", \"/k/b:/etc/b\"]");
        try (FileInputStream in = new FileInputStream(json.toFile())) {
            int fd = openFd(json);
            RawLaunchRequest expanded = SecretsFdReader.expand(request(Map.of(
                    LaunchOption.SECRET, List.of("/k/c:/run/secrets/c"),
                    LaunchOption.SECRETS_FD, List.of(Integer.toString(fd)))), CallerFds.inProcess());
            assertEquals(List.of("/k/c:/run/secrets/c", "/run/keys/a:/run/secrets/a", "/k/b:/etc/b"),
                    expanded.get(LaunchOption.SECRET));
            assertFalse(expanded.has(LaunchOption.SECRETS_FD));
            assertEquals(List.of("/bin/true"), expanded.command());
        }
    }

    /** An fd number the request's own validation refuses (stdio, not a number) is left for it to name. */
    @Test
    void aValueThatIsNoUsableFdIsLeftForValidation() throws Exception {
        for (String value : List.of("0", "2", "three", "-4")) {
            RawLaunchRequest r = request(Map.of(LaunchOption.SECRETS_FD, List.of(value)));
            assertSame(r, SecretsFdReader.expand(r, CallerFds.inProcess()), value);
        }
        RawLaunchRequest none = request(Map.of());
        assertSame(none, SecretsFdReader.expand(none, CallerFds.inProcess()));
    }

    @Test
    void anFdThatIsNotOpenIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> SecretsFdReader.expand(
                request(Map.of(LaunchOption.SECRETS_FD, List.of("999999"))), CallerFds.inProcess()));
        assertEquals("--secrets-fd 999999: no such open file descriptor", e.getMessage());
    }

    @Test
    void anythingButAnArrayOfStringsIsRefusedByName() {
        for (String text : List.of("{\"a\":\"b\"}", "not json", "", "\"/a:/b\"")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> SecretsFdReader.parse(text.getBytes(StandardCharsets.UTF_8), "--secrets-fd"), text);
            assertEquals("--secrets-fd", e.problems().getFirst().subject());
        }
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> SecretsFdReader.parse("[\"/a:/b\", 7]".getBytes(StandardCharsets.UTF_8), "--secrets-fd"));
        assertEquals("entry 2 is not a string: each entry is \"SRC:DEST\"", e.problems().getFirst().message());
        for (String entry : List.of("S3CR3T-PATH-SPEC", "/run/keys/S3CR3T:relative/dest")) {
            InvalidRequestException bad = assertThrows(InvalidRequestException.class, () -> SecretsFdReader.parse(
                    ("[\"/a:/b\", \"" + entry + "\"]").getBytes(StandardCharsets.UTF_8), "--secrets-fd"));
            String message = bad.problems().getFirst().message();
            assertTrue(message.startsWith("entry 2 is not \"SRC:DEST\" ("), message);
            assertFalse(message.contains("S3CR3T"), "the list stays out of messages as it stays out of argv: " + message);
        }
    }

    /** The number of an fd this JVM holds open on {@code file}, found through /proc/self/fd. */
    private static int openFd(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the listing's own fd
                }
            }
        }
        throw new IOException("no fd open on " + file);
    }
}
