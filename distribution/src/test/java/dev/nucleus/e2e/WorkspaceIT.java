package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /workspace in each mode, through real containers. */
@Tag("root")
class WorkspaceIT {
    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("keep.txt"), "keep\n");
        Files.writeString(ws.resolve("change.txt"), "old\n");
        Files.createDirectories(ws.resolve("sub"));
        Files.writeString(ws.resolve("sub/gone.txt"), "bye\n");
        Path tool = Files.writeString(ws.resolve("tool.sh"), "#!/bin/sh\necho tool-ran\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Nucleus.Result run(String script, String... flags) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run"));
        args.addAll(java.util.List.of(flags));
        args.addAll(java.util.List.of("--", "/bin/sh", "-c", script));
        return Nucleus.run(args.toArray(String[]::new));
    }

    @Test
    void bindRwIsTheDefaultCwdAndNoexec() throws IOException {
        Nucleus.Result r = run("pwd; echo new > made.txt; ./tool.sh || echo noexec", "--workspace", ws.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("/workspace\nnoexec\n", r.out());
        assertEquals("new\n", Files.readString(ws.resolve("made.txt")));
    }

    @Test
    void workspaceExecAllowsRunningTools() {
        Nucleus.Result r = run("./tool.sh", "--workspace", ws.toString(), "--workspace-exec");
        assertEquals("tool-ran\n", r.out(), r.toString());
    }

    @Test
    void bindRoRefusesWrites() {
        Nucleus.Result r = run("echo x > keep.txt 2>/dev/null || echo ro; cat keep.txt", "--workspace", ws.toString(),
                "--workspace-mode", "bind-ro");
        assertEquals("ro\nkeep\n", r.out(), r.toString());
    }

    @Test
    void copyInOutSyncsChangesNewFilesAndDeletionsBack() throws IOException {
        Nucleus.Result r = run("echo new > change.txt; echo hi > created.txt; rm sub/gone.txt; mkdir d2; echo x > d2/f",
                "--workspace", ws.toString(), "--workspace-mode", "copy-in-out");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("new\n", Files.readString(ws.resolve("change.txt")));
        assertEquals("hi\n", Files.readString(ws.resolve("created.txt")));
        assertEquals("x\n", Files.readString(ws.resolve("d2/f")));
        assertEquals("keep\n", Files.readString(ws.resolve("keep.txt")));
        assertFalse(Files.exists(ws.resolve("sub/gone.txt")));
    }

    @Test
    void providerConfigsAreBoundBeneathTheHome() throws IOException {
        Path aws = Files.createDirectories(tmp.resolve("aws"));
        Files.writeString(aws.resolve("config"), "[default]\n");
        Nucleus.Result ro = run("cat ~/.aws/config; echo x > ~/.aws/new 2>/dev/null || echo ro",
                "--provider-config-ro", aws + ":.aws");
        assertEquals("[default]\nro\n", ro.out(), ro.toString());
        Nucleus.Result rw = run("echo token > ~/.aws/cache", "--provider-config-rw", aws + ":.aws");
        assertEquals(0, rw.exit(), rw.toString());
        assertEquals("token\n", Files.readString(aws.resolve("cache")));
        Nucleus.Result whole = Nucleus.run("run", "--provider-config-ro", "/root:.r", "--", "/bin/true");
        assertEquals(2, whole.exit(), whole.toString());
        assertTrue(whole.err().contains("--provider-config-ro /root resolves to /root, which may not be bound"),
                whole.toString());
    }

    @Test
    void aProviderConfigMayBeAFile() throws IOException {
        Path netrc = Files.writeString(tmp.resolve("netrc"), "machine example.org login agent\n");
        Nucleus.Result r = run("cat ~/.netrc; echo x >> ~/.netrc 2>/dev/null || echo ro", "--provider-config-ro",
                netrc + ":.netrc");
        assertEquals("machine example.org login agent\nro\n", r.out(), r.toString());
        assertEquals("machine example.org login agent\n", Files.readString(netrc));
    }

    @Test
    void aFailedSetupSyncsNothingAndLeavesNoStagingBehind() throws IOException {
        Nucleus.Result r = run("echo changed > keep.txt", "--workspace", ws.toString(), "--workspace-mode",
                "copy-in-out", "--workdir", "/tmp/no/such/dir"); // beneath /tmp: not judged before, fails at chdir
        assertEquals(125, r.exit(), r.toString());
        assertTrue(r.err().contains("chdir /tmp/no/such/dir (--workdir)"), r.toString());
        assertEquals("keep\n", Files.readString(ws.resolve("keep.txt")));
        try (var s = Files.list(Path.of("/run/nucleus"))) {
            assertFalse(s.anyMatch(p -> Files.exists(p.resolve("workspace"))));
        }
    }
}
