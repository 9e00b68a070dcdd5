package dev.nucleus.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/nucleus} of this checkout as a user would, capturing everything. */
final class Nucleus {
    static final Path REPO = Path.of(System.getProperty("nucleus.repo", "..")).toAbsolutePath().normalize();
    static final Path BIN = REPO.resolve("bin/nucleus");

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Nucleus() {
    }

    /** Temporary files and directories of the tests, removed when the test JVM ends, whatever the outcome. */
    private static final List<Path> TEMPORARY = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMPORARY.forEach(p -> exec(List.of("rm", "-rf", "--",
                p.toString())))));
    }

    /** A fresh directory under /tmp, removed when the tests end (root-owned trees too, by rm -rf). */
    static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        TEMPORARY.add(dir);
        return dir;
    }

    /** A fresh file under /tmp, removed when the tests end. */
    static Path tempFile(String prefix, String suffix) throws IOException {
        Path file = Files.createTempFile(prefix, suffix);
        TEMPORARY.add(file);
        return file;
    }

    /**
     * Waits (up to 10 s) until no process's command line mentions {@code text}: a detached
     * container's supervisor (started with the test's --root) may still be finishing, writing its
     * trace log say, after {@code rm --force} returned. False if one still runs.
     */
    static boolean awaitNoProcessMentioning(String text) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (!aProcessMentions(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Whether some process's command line mentions {@code text} now. */
    static boolean aProcessMentions(String text) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(text));
    }

    static Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(BIN.toString());
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Runs a shell line (for fd redirections); {@code $NUCLEUS} is the binary. */
    static Result shell(String line) {
        return exec(List.of("/bin/bash", "-c", "NUCLEUS=" + BIN + "; " + line));
    }

    static Result exec(List<String> cmd) {
        try {
            Path out = Files.createTempFile("nucleus-e2e", ".out");
            Path err = Files.createTempFile("nucleus-e2e", ".err");
            try {
                Process p = new ProcessBuilder(cmd).directory(REPO.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + cmd);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
