package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace → generate → enforce, through the real bin/nucleus on a busybox rootfs: the trace
 * records the script and its children, the generated profile runs it, and the same profile one
 * syscall short kills it.
 */
@Tag("root")
class SeccompTraceIT {
    /** Writes files, forks a pipeline and a background sleep (clock_nanosleep runs only in a child). */
    static final String SCRIPT = "echo start; for f in a b; do echo $f > /tmp/$f; done; cat /tmp/a /tmp/b | grep b; "
            + "sleep 0.1 & wait; echo done";
    static final Pattern LINE = Pattern.compile("\\{\"syscall\":(\\d+),\"name\":\"([a-z0-9_]+)\",\"count\":(\\d+)}");
    static Path rootfs;

    @BeforeAll
    static void busyboxRootfs() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-trace-rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "cat", "grep", "sleep", "echo")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
    }

    static Nucleus.Result run(String... flags) {
        List<String> args = new ArrayList<>(List.of("run", "--rootfs", rootfs.toString()));
        args.addAll(List.of(flags));
        args.addAll(List.of("--", "/bin/sh", "-c", SCRIPT));
        return Nucleus.run(args.toArray(String[]::new));
    }

    @Test
    void traceGenerateEnforceAndOneSyscallShortKills(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("trace.ndjson");
        Nucleus.Result traced = run("--seccomp-mode", "trace", "--seccomp-log", log.toString());
        assertEquals(0, traced.exit(), traced.toString());
        assertEquals("start\nb\ndone\n", traced.out(), traced.toString());

        List<String> names = new ArrayList<>();
        int previous = -1;
        for (String line : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "NDJSON {syscall, name, count}: " + line);
            int nr = Integer.parseInt(m.group(1));
            assertTrue(nr > previous, "one line per syscall, in number order: " + line);
            previous = nr;
            assertTrue(Long.parseLong(m.group(3)) >= 1, line);
            names.add(m.group(2));
        }
        assertTrue(names.containsAll(List.of("execve", "write", "clone", "wait4", "clock_nanosleep", "exit_group")),
                "the script, its children and the sleeping child are all traced: " + names);
        assertFalse(names.contains("clone3"), "clone3 answers ENOSYS while tracing too: " + names);

        Path profile = dir.resolve("profile.json");
        Nucleus.Result generated = Nucleus.run("seccomp", "generate", log.toString(), "-o", profile.toString());
        assertEquals(0, generated.exit(), generated.toString());
        assertTrue(generated.err().contains("Profile contains " + names.size() + " syscalls"), generated.toString());

        Nucleus.Result enforced = run("--seccomp-profile", profile.toString());
        assertEquals(0, enforced.exit(), enforced.toString());
        assertEquals("start\nb\ndone\n", enforced.out(), enforced.toString());

        // clock_nanosleep is only called by the background sleep: without it, that child is killed
        // and the script goes on; without write, the first echo kills the shell itself.
        Path noWrite = dir.resolve("no-write.json");
        Files.writeString(noWrite, without(Files.readString(profile), "write"));
        Nucleus.Result killed = run("--seccomp-profile", noWrite.toString());
        assertEquals(128 + 31, killed.exit(), "SIGSYS: " + killed);
        assertEquals("", killed.out(), killed.toString());
    }

    /** The profile JSON with one name removed from its names list. */
    static String without(String json, String name) {
        String out = json.replace("\"" + name + "\", ", "").replace(", \"" + name + "\"", "");
        assertFalse(out.contains("\"" + name + "\""), "removed " + name + " from " + out);
        return out;
    }

    @Test
    void aProfileFromATraceKeepsNamespacesClosed(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("t.ndjson");
        Files.writeString(log, "{\"syscall\":56,\"name\":\"clone\",\"count\":1}\n{\"syscall\":272,\"name\":\"unshare\",\"count\":1}\n");
        Nucleus.Result r = Nucleus.run("seccomp", "generate", log.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\"SCMP_CMP_MASKED_EQ\""), "clone only without namespace flags: " + r.out());
        assertTrue(r.err().contains("warning: the trace used unshare"), r.toString());
    }

    @Test
    void generateRefusesAMalformedTraceNamingTheLine(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("bad.ndjson");
        Files.writeString(log, "{\"syscall\":0,\"name\":\"read\",\"count\":1}\n{\"syscall\":1,\"count\":\"many\"}\n");
        Path out = dir.resolve("never.json");
        Nucleus.Result r = Nucleus.run("seccomp", "generate", log.toString(), "-o", out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(log + ":2: \"count\" must be an integer >= 1"), r.toString());
        assertFalse(Files.exists(out), "nothing written for a bad trace");

        // A name its number does not have here would be dropped from the enforcing filter (a mere
        // warning) and the workload killed by the very call it traced: refused at generate.
        Files.writeString(log, "{\"syscall\":0,\"name\":\"read\",\"count\":1}\n{\"syscall\":1,\"name\":\"reed\",\"count\":1}\n");
        Nucleus.Result n = Nucleus.run("seccomp", "generate", log.toString(), "-o", out.toString());
        assertEquals(2, n.exit(), n.toString());
        assertTrue(n.err().contains(log + ":2: syscall 1 is \"write\" on x86_64, not \"reed\""), n.toString());
        assertFalse(Files.exists(out), "nothing written for a bad trace");

        Path nowhere = dir.resolve("missing-dir/p.json");
        Files.writeString(log, "{\"syscall\":0,\"name\":\"read\",\"count\":1}\n");
        Nucleus.Result w = Nucleus.run("seccomp", "generate", log.toString(), "-o", nowhere.toString());
        assertEquals(2, w.exit(), w.toString());
        assertTrue(w.err().contains("cannot write " + nowhere + ": no such file or directory"), w.toString());
    }

    @Test
    void traceIsAnAgentModeToolOnly(@TempDir Path dir) {
        Path log = dir.resolve("t.ndjson");
        Nucleus.Result r = Nucleus.run("run", "--service-mode", "strict-agent", "--seccomp-mode", "trace",
                "--seccomp-log", log.toString(), "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("seccomp-trace-forbidden"), r.toString());
        assertFalse(Files.exists(log), "nothing traced, nothing written");
    }

    @Test
    void aTraceLogPathThatIsASymlinkIsRefusedBeforeTheWorkloadRuns(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("target");
        Path link = Files.createSymbolicLink(dir.resolve("t.ndjson"), target);
        Path marker = dir.resolve("ran");
        Nucleus.Result r = Nucleus.run("run", "-v", dir + ":/out", "--seccomp-mode", "trace", "--seccomp-log",
                link.toString(), "--", "/bin/sh", "-c", "touch /out/ran");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--seccomp-log " + link + ": is a symlink"), r.toString());
        assertFalse(Files.exists(marker), "refused before anything ran");
        assertFalse(Files.exists(target), "nothing written through the link");
    }
}
