package dev.nucleus.linux.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.hooks.Hook;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.EventSink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class HookRunnerTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final HookRunner runner = new HookRunner(EventSink.NONE, output);

    private static Hook shell(String script) {
        return new Hook("/bin/sh", List.of("sh", "-c", script), List.of(), OptionalInt.empty());
    }

    @Test
    void aHooksStdoutAndStderrReachTheRuntimesOutputBeforeItsVerdict() {
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> runner.run(HookPoint.CREATE_RUNTIME,
                List.of(shell("read -r state; echo \"out $state\"; echo err >&2; exit 3")), "{\"id\":\"c1\"}\n", 1));
        assertEquals("hook createRuntime[0] /bin/sh failed with exit status 3", e.getMessage());
        assertEquals("out {\"id\":\"c1\"}\nerr\n", output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSucceedingHooksOutputIsKeptToo() throws LaunchFailedException {
        runner.run(HookPoint.POSTSTOP, List.of(shell("echo first"), shell("echo second")), "{}", 1);
        assertTrue(output.toString(StandardCharsets.UTF_8).equals("first\nsecond\n"), output.toString());
    }
}
