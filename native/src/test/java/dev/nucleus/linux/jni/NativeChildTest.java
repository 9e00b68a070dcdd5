package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Helper programs started without ProcessBuilder: output, exit codes, stdin, fds and signals, for real. */
class NativeChildTest {
    private static String text(java.io.InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void stdoutAndStderrArriveThroughTheirPipesAndTheExitCodeComesBack() throws Exception {
        try (NativeChild c = NativeChild.start(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), true)) {
            try (var out = c.stdout(); var err = c.stderr()) {
                assertEquals("out\n", text(out));
                assertEquals("err\n", text(err));
            }
            assertEquals(3, c.waitFor());
            assertEquals(3, c.waitFor(), "asked again: the same answer");
            assertFalse(c.isAlive());
        }
    }

    /** A hook's start: its stdin the given bytes (then end of file), stderr in order in the stdout pipe, only its env. */
    @Test
    void aMergedStartReadsItsStdinBytesAndWritesBothStreamsInOrder() throws Exception {
        byte[] state = "{\"ociVersion\": \"1.0.2\", \"id\": \"x\"}\n".repeat(4000).getBytes(StandardCharsets.UTF_8);
        try (NativeChild c = NativeChild.startMerged(List.of("/bin/sh", "-c",
                "echo one; echo two >&2; wc -c; echo three >&2; echo \"[$A][${HOME:-}]\""), List.of("A=b"), state)) {
            assertEquals("one\ntwo\n" + state.length + "\nthree\n[b][]\n", text(c.stdout()));
            assertEquals("", text(c.stderr()));
            assertEquals(0, c.waitFor());
        }
    }

    @Test
    void awaitEndWaitsAtMostItsTime() throws Exception {
        try (NativeChild c = NativeChild.start(List.of("/bin/sh", "-c", "exec sleep 30"), true)) {
            long t0 = System.nanoTime();
            assertFalse(c.awaitEnd(100));
            assertTrue(System.nanoTime() - t0 >= 90_000_000L, "waited its 100 ms");
            ProcessHandle.of(c.pid()).orElseThrow().destroyForcibly();
            assertTrue(c.awaitEnd(5000));
            assertEquals(128 + 9, c.waitFor());
        }
    }

    @Test
    void aSignalEndingItIs128PlusItsNumber() throws Exception {
        try (NativeChild c = NativeChild.start(List.of("/bin/sh", "-c", "echo $$; exec sleep 30"), true)) {
            long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(c.stdout(),
                    StandardCharsets.US_ASCII)).readLine());
            assertEquals(c.pid(), pid);
            assertTrue(c.isAlive());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertEquals(128 + 9, c.waitFor());
        }
    }

    @Test
    void itGetsTheEnvironmentDefaultSignalsAndNoOtherFdOfTheJvm(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path file = Files.writeString(tmp.resolve("open"), "x");
        try (var held = Files.newInputStream(file);
             NativeChild c = NativeChild.start(List.of("/bin/sh", "-c",
                     "ls /proc/self/fd; grep -E '^(SigBlk|SigIgn)' /proc/self/status; echo \"PATH=$PATH\"; read x || echo eof"),
                     true)) {
            String out = text(c.stdout());
            assertEquals(0, c.waitFor(), out + text(c.stderr()));
            List<String> lines = out.lines().toList();
            assertEquals(List.of("0", "1", "2", "3"), lines.subList(0, 4),
                    "stdio, and ls's own directory: not the JVM's modules image, jars or inherited fds: " + out);
            assertTrue(lines.contains("SigBlk:\t0000000000000000"), out);
            // signals 1-31 at their defaults; 32 and 33 are glibc's own, which no program can reset
            long ignored = Long.parseLong(lines.stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow()
                    .substring("SigIgn:".length()).strip(), 16);
            assertEquals(0, ignored & 0x7fffffffL, out);
            assertTrue(lines.contains("PATH=" + System.getenv("PATH")), out);
            assertTrue(lines.contains("eof"), "stdin is /dev/null: " + out);
        }
    }

    @Test
    void aGivenEnvironmentReplacesTheJvmsWhole() throws Exception {
        try (NativeChild c = NativeChild.start(List.of("/usr/bin/env"), List.of("PATH=/bin", "A=b"), true);
             var out = c.stdout()) {
            assertEquals("PATH=/bin\nA=b\n", text(out));
            assertEquals(0, c.waitFor());
        }
    }

    @Test
    void aProgramThatCannotStartIsAnIOExceptionAndARelativePathIsRefused() {
        IOException e = assertThrows(IOException.class, () -> NativeChild.start(List.of("/nonexistent/x"), true));
        assertTrue(e.getMessage().contains("/nonexistent/x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NativeChild.start(List.of("sh", "-c", "true"), true));
    }
}
