package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.ports.out.ServiceSupervisor.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the command waiting for a builtin supervisor reads what it said (BuiltinSupervisor.outcome). */
class BuiltinSupervisorTest {
    @TempDir
    Path tmp;
    Path file;

    @BeforeEach
    void launchFile() throws IOException {
        file = Files.writeString(tmp.resolve("launch.json"), "{}");
    }

    /**
     * The secrets reach the supervisor on its stdin, a pipe, and never the launch file: a
     * stand-in supervisor (sh) copies both where the test reads them. More than a pipe holds
     * (64 KiB) goes through too: the supervisor reads its stdin first.
     */
    @Test
    void theSecretsGoThroughThePipeNotTheFile() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        String script = "cp \"$0\" " + out + "/doc; cat > " + out + "/stdin; echo said; echo '" + StatusMarker.STARTED + "'";
        BuiltinSupervisor supervisor = new BuiltinSupervisor(tmp.resolve("state"), List.of("/bin/sh", "-c", script),
                Map.of("PATH", "/usr/bin:/bin"));
        assertTrue(supervisor.pipesSecrets());
        byte[] secrets = ("{\"secret_env\":[{\"key\":\"T\",\"value\":\"" + "s3cr3t".repeat(40_000) + "\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] expected = secrets.clone();
        Outcome o = supervisor.start("0123456789abcdef0123456789abcdef", "{\"secret_env_on_stdin\":true}".getBytes(),
                secrets);
        assertEquals(new Outcome(0, "said\n"), o);
        assertEquals("{\"secret_env_on_stdin\":true}", Files.readString(out.resolve("doc")));
        assertTrue(java.util.Arrays.equals(expected, Files.readAllBytes(out.resolve("stdin"))), "stdin held the secrets");
        assertTrue(java.util.Arrays.equals(new byte[secrets.length], secrets), "this side's copy is wiped");
    }

    @Test
    void kind() {
        assertEquals("builtin", new BuiltinSupervisor(tmp, List.of("/bin/nucleus", "supervise"), Map.of()).kind());
    }

    @Test
    void startedWithMessagesBeforeIt() {
        Outcome o = BuiltinSupervisor.outcome("nucleus: warning: no memory limit\nsecond line\n@@nucleus-supervise started\n",
                4242, file);
        assertEquals(new Outcome(0, "nucleus: warning: no memory limit\nsecond line\n"), o);
        assertTrue(Files.exists(file), "the supervisor took charge of its document");
    }

    @Test
    void startedAlone() {
        assertEquals(new Outcome(0, ""), BuiltinSupervisor.outcome("@@nucleus-supervise started\n", 1, file));
        assertEquals(new Outcome(0, ""), BuiltinSupervisor.outcome("@@nucleus-supervise started", 1, file),
                "without its newline too");
    }

    @Test
    void anExitStatusWithItsMessages() {
        assertEquals(new Outcome(127, "nucleus: /bin/nope: No such file or directory (ENOENT)\n"),
                BuiltinSupervisor.outcome("nucleus: /bin/nope: No such file or directory (ENOENT)\n"
                        + "@@nucleus-supervise exit 127\n", 99, file));
        assertEquals(new Outcome(1, ""), BuiltinSupervisor.outcome(StatusMarker.exit(1) + "\n", 99, file));
        assertEquals(new Outcome(125, "a\n\nb\n"), BuiltinSupervisor.outcome("a\n\nb\n" + StatusMarker.exit(125), 99, file));
        assertTrue(Files.exists(file));
    }

    @Test
    void noMarkerMeansTheSupervisorDiedFirst() {
        Outcome o = BuiltinSupervisor.outcome("Exception in thread main\n", 4242, file);
        assertEquals(125, o.status());
        assertEquals("Exception in thread main\n"
                + "nucleus: the supervisor (pid 4242) ended before the container started\n", o.messages());
        assertFalse(Files.exists(file), "the document it never took is deleted");
    }

    @Test
    void noMarkerAndNothingSaid() {
        assertEquals(new Outcome(125, "nucleus: the supervisor (pid 7) ended before the container started\n"),
                BuiltinSupervisor.outcome("", 7, file));
        assertFalse(Files.exists(file));
    }

    @Test
    void noMarkerAfterAnUnfinishedLine() {
        assertEquals(new Outcome(125, "half a line\nnucleus: the supervisor (pid 8) ended before the container started\n"),
                BuiltinSupervisor.outcome("half a line", 8, file));
    }

    @Test
    void onlyTheLastLineCounts() {
        Outcome o = BuiltinSupervisor.outcome("@@nucleus-supervise started\nsomething after\n", 9, file);
        assertEquals(125, o.status());
        assertTrue(o.messages().contains("pid 9"), o.messages());
        assertEquals(125, BuiltinSupervisor.outcome("@@nucleus-supervise exit x\n", 9, file).status(),
                "a broken marker is no marker");
    }

    @Test
    void aMissingDocumentIsNoProblem() throws IOException {
        Files.delete(file);
        assertEquals(125, BuiltinSupervisor.outcome("", 5, file).status());
    }
}
