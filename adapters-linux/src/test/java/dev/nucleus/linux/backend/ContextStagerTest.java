package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.spec.Context;
import dev.nucleus.domain.spec.ContextMode;
import dev.nucleus.domain.value.HostPath;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context copy and its integrity check, on real files (tampering with the staged copy). */
class ContextStagerTest {
    @TempDir
    Path tmp;

    private Path source() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        Files.writeString(src.resolve("a.txt"), "alpha\n");
        Files.writeString(tmp.resolve("src/.env"), "TOKEN=x\n");
        return tmp.resolve("src");
    }

    @Test
    void aCleanCopyVerifies() throws Exception {
        Path staged = ContextStager.prepare(new Context(new HostPath(source().toString()), ContextMode.COPY, true),
                tmp.resolve("staged"));
        assertEquals(tmp.resolve("staged"), staged);
        assertTrue(Files.exists(staged.resolve("sub/a.txt")));
        assertTrue(Files.notExists(staged.resolve(".env")));
    }

    @Test
    void aTamperedCopyFailsNamingTheFile() throws Exception {
        Path src = source();
        Path staged = ContextStager.prepare(new Context(new HostPath(src.toString()), ContextMode.COPY, false),
                tmp.resolve("staged"));
        assertDoesNotThrow(() -> ContextStager.verify(src, staged));
        Files.writeString(staged.resolve("sub/a.txt"), "tampered\n");
        LaunchFailedException changed = assertThrows(LaunchFailedException.class, () -> ContextStager.verify(src, staged));
        assertTrue(changed.getMessage().contains("sub/a.txt"), changed.getMessage());
        Files.writeString(staged.resolve("sub/a.txt"), "alpha\n");
        Files.writeString(staged.resolve("extra"), "planted\n");
        LaunchFailedException added = assertThrows(LaunchFailedException.class, () -> ContextStager.verify(src, staged));
        assertTrue(added.getMessage().contains("extra"), added.getMessage());
    }

    @Test
    void aCopyLeavesOutExcludedSubtreesAndNamesButNotTheirLookAlikes() throws Exception {
        Path src = source();
        Files.createDirectories(src.resolve("target/classes"));
        Files.writeString(src.resolve("target/classes/A.class"), "class");
        Files.createDirectories(src.resolve("targets"));
        Files.writeString(src.resolve("targets/list.txt"), "kept");
        Files.writeString(src.resolve("sub/server.KEY"), "key");
        Files.createDirectories(src.resolve("sub/.git/objects"));
        Files.writeString(src.resolve("sub/.git/objects/x"), "object");
        Files.createSymbolicLink(src.resolve("sub/link.txt"), src.resolve("sub/a.txt"));
        Path staged = ContextStager.prepare(new Context(new HostPath(src.toString()), ContextMode.COPY, true),
                tmp.resolve("staged"));
        try (var walk = Files.walk(staged)) {
            assertEquals(java.util.List.of("", "sub", "sub/a.txt", "targets", "targets/list.txt"),
                    walk.map(p -> staged.relativize(p).toString()).sorted().toList());
        }
    }

    @Test
    void bindModeNamesASocketInTheTreeAndTheWayOut() throws Exception {
        Path src = source();
        assertEquals(src.toRealPath(), ContextStager.prepare(bind(src), tmp.resolve("unused")));
        try (var server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(java.net.UnixDomainSocketAddress.of(src.resolve("sub/agent.sock")));
            // PolicyRejectedException: an invalid request, exit 2
            PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                    () -> ContextStager.prepare(bind(src), tmp.resolve("unused")));
            assertEquals("--context-mode bind: " + src.toRealPath().resolve("sub/agent.sock") + " is a socket, "
                    + "which bind mode refuses; use --context-mode copy, which skips symlinks and special files",
                    e.getMessage());
        }
    }

    @Test
    void bindModeRefusesATreeDeeperThanItChecks() throws Exception {
        Path src = source();
        Path deep = src;
        for (int level = 0; level < dev.nucleus.domain.rules.ContextPolicy.MAX_DEPTH; level++) {
            deep = deep.resolve("d");
        }
        Files.createDirectories(deep); // level 128: still checked
        assertEquals(src.toRealPath(), ContextStager.prepare(bind(src), tmp.resolve("unused")));
        Files.writeString(deep.resolve("below.txt"), "129\n");
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> ContextStager.prepare(bind(src), tmp.resolve("unused")));
        assertTrue(e.getMessage().contains("below.txt lies deeper than 128 levels"), e.getMessage());
    }

    @Test
    void removingAStagedCopyLeavesWhatItsSymlinksPointAt() throws Exception {
        Path staged = ContextStager.prepare(new Context(new HostPath(source().toString()), ContextMode.COPY, false),
                tmp.resolve("staged"));
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "keep\n");
        Files.createSymbolicLink(staged.resolve("sub/link"), outside);
        ContextStager.remove(staged);
        assertTrue(Files.notExists(staged));
        assertEquals("keep\n", Files.readString(outside));
        ContextStager.remove(staged);
    }

    private static Context bind(Path src) {
        return new Context(new HostPath(src.toString()), ContextMode.BIND, false);
    }
}
