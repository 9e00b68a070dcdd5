package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --context in copy and bind mode, through real containers. */
@Tag("root")
class ContextIT {
    @TempDir
    Path tmp;
    Path ctx;

    @BeforeEach
    void context() throws IOException {
        ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("README.md"), "hello context\n");
        Files.createDirectories(ctx.resolve("src"));
        Files.writeString(ctx.resolve("src/main.py"), "print(1)\n");
        Files.writeString(ctx.resolve(".env"), "API_TOKEN=hunter2\n");
        Files.createDirectories(ctx.resolve(".git"));
        Files.writeString(ctx.resolve(".git/config"), "[core]\n");
        Files.writeString(ctx.resolve("server.pem"), "-----BEGIN-----\n");
    }

    @Test
    void copyModeFiltersSecretsAndIsReadOnly() {
        Nucleus.Result r = Nucleus.run("run", "--context", ctx.toString(), "--verify-context-integrity", "--",
                "/bin/sh", "-c", "cd /context && find . -type f | sort; cat README.md; touch x 2>/dev/null || echo ro");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("./README.md\n./src/main.py\nhello context\nro\n", r.out());
    }

    @Test
    void aCopyIsNotTheSource() throws IOException {
        Nucleus.Result r = Nucleus.run("run", "--context", ctx.toString(), "--", "/bin/sh", "-c",
                "cat /context/README.md");
        assertEquals("hello context\n", r.out(), r.toString());
        assertEquals("hello context\n", Files.readString(ctx.resolve("README.md")));
    }

    @Test
    void bindModeShowsTheSourceReadOnlyAndRefusesSymlinks() throws IOException {
        Files.delete(ctx.resolve(".env"));
        Nucleus.Result r = Nucleus.run("run", "--context", ctx.toString(), "--context-mode", "bind", "--",
                "/bin/sh", "-c", "ls -a /context | sort | tr '\\n' ' '; echo > /context/x 2>/dev/null || echo ro");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(".git"), "bind mode shows the tree as it is: " + r.out());
        assertTrue(r.out().contains("ro"), r.out());

        Files.createSymbolicLink(ctx.resolve("link"), Path.of("/etc/shadow"));
        Nucleus.Result refused = Nucleus.run("run", "--context", ctx.toString(), "--context-mode", "bind", "--",
                "/bin/true");
        assertEquals(2, refused.exit(), "a tree bind mode cannot show is an invalid request: " + refused);
        assertTrue(refused.err().contains("symlink"), refused.toString());
    }

    @Test
    void theStagedCopyIsRemovedAfterTheRun() throws IOException {
        assertEquals(0, Nucleus.run("run", "--context", ctx.toString(), "--", "/bin/true").exit());
        try (var s = Files.list(Path.of("/run/nucleus"))) {
            assertFalse(s.anyMatch(p -> Files.exists(p.resolve("context"))), "no staged context remains");
        }
    }
}
