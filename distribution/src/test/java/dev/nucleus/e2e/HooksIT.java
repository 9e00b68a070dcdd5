package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --hooks: OCI hooks at their points, with the OCI state on stdin; a failing one stops the start. */
@Tag("root")
class HooksIT {
    /** Appends "POINT STATUS ID HAS_PID NETNS VAR HOSTNAME" to the file named by argv[2]. */
    static final String RECORDER = String.join("\n",
            "#!/usr/bin/python3",
            "import json, os, socket, sys",
            "state = json.load(sys.stdin)",
            "with open(sys.argv[2], 'a') as out:",
            "    out.write(' '.join([sys.argv[1], state['status'], state['id'], str('pid' in state),",
            "        os.readlink('/proc/self/ns/net'), os.environ.get('HOOK_VAR', '-'), socket.gethostname()]) + '\\n')",
            "");

    static Path recorder(Path dir) throws IOException {
        Path script = dir.resolve("record.py");
        Files.writeString(script, RECORDER);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    static String hook(Path program, String... args) {
        StringBuilder a = new StringBuilder("[\"" + program.getFileName() + "\"");
        for (String s : args) {
            a.append(", \"").append(s).append('"');
        }
        return "{\"path\": \"" + program + "\", \"args\": " + a + "], \"env\": [\"HOOK_VAR=set\"]}";
    }

    @Test
    void hooksRunInOrderWithTheOciStateOnStdin(@TempDir Path dir) throws IOException {
        Path rec = recorder(dir);
        Path out = dir.resolve("calls.txt");
        Path hooks = Files.writeString(dir.resolve("hooks.json"), "{\"hooks\": {"
                + "\"createRuntime\": [" + hook(rec, "createRuntime", out.toString()) + "],"
                + "\"createContainer\": [" + hook(rec, "createContainer", out.toString()) + "],"
                // startContainer paths resolve inside the container: the recorder through the volume
                + "\"startContainer\": [{\"path\": \"/usr/bin/python3\", \"args\": [\"python3\","
                + " \"/hookout/record.py\", \"startContainer\", \"/hookout/calls.txt\"], \"env\": [\"HOOK_VAR=set\"]}],"
                + "\"poststart\": [" + hook(rec, "poststart", out.toString()) + "],"
                + "\"poststop\": [" + hook(rec, "poststop", out.toString()) + "]}}");
        // The startContainer hook runs inside the finished container: its /hookout is the volume,
        // and the workload, which appends to the same file, runs after it.
        Nucleus.Result r = Nucleus.run("run", "--hooks", hooks.toString(), "--hostname", "hooked", "-v",
                dir + ":/hookout", "--", "/bin/sh", "-c", "echo workload >> /hookout/calls.txt; exit 5");
        assertEquals(5, r.exit(), r.toString());
        // One file, seen from the host as `out` and from inside the container as /hookout/calls.txt.
        List<String> order = Files.readAllLines(out).stream().map(l -> l.split(" ")[0]).toList();
        assertTrue(order.indexOf("workload") > order.indexOf("startContainer"), "the workload runs after: " + order);
        List<String[]> calls = Files.readAllLines(out).stream().map(l -> l.split(" "))
                .filter(c -> !c[0].equals("workload")).toList();
        assertEquals(List.of("createRuntime", "createContainer", "startContainer", "poststart", "poststop"),
                calls.stream().map(c -> c[0]).toList());
        assertEquals(List.of("created", "created", "created", "running", "stopped"),
                calls.stream().map(c -> c[1]).toList());
        assertEquals(1, calls.stream().map(c -> c[2]).distinct().count(), "one container id throughout");
        assertEquals(List.of("True", "True", "True", "True", "False"), calls.stream().map(c -> c[3]).toList(),
                "a pid while the container has a process");
        String hostNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        assertEquals(hostNet, calls.get(0)[4], "createRuntime runs in the runtime's namespaces");
        assertFalse(calls.get(1)[4].equals(hostNet), "createContainer runs in the container's network namespace");
        assertEquals(calls.get(1)[4], calls.get(2)[4], "startContainer too");
        assertEquals("hooked", calls.get(2)[6], "startContainer runs after sethostname, in the container's uts");
        assertFalse(calls.get(1)[6].equals("hooked"), "createContainer runs before it");
        assertTrue(calls.stream().allMatch(c -> c[5].equals("set")), "each hook gets its own env");
    }

    @Test
    void aFailingOrTimedOutHookStopsTheStartAndTheWorkloadNeverRuns(@TempDir Path dir) throws IOException {
        Path marker = dir.resolve("ran");
        Path fails = Files.writeString(dir.resolve("fails.json"),
                "{\"createRuntime\": [{\"path\": \"/bin/sh\", \"args\": [\"sh\", \"-c\","
                        + " \"echo hook-stdout-why; echo hook-stderr-why >&2; exit 3\"]}]}");
        Nucleus.Result r = Nucleus.run("run", "--hooks", fails.toString(), "--", "/bin/sh", "-c", "touch " + marker);
        assertEquals(125, r.exit(), r.toString());
        // The harness's stderr is a regular file: the hook's own output (stdout and stderr) stays in
        // it, before Nucleus's message, rather than being overwritten by it.
        assertTrue(r.err().contains("hook-stdout-why\nhook-stderr-why\n"), r.err());
        assertTrue(r.err().contains("hook createRuntime[0] /bin/sh failed with exit status 3"), r.err());
        assertFalse(r.out().contains("hook-stdout-why"), "a hook's stdout is not the workload's");
        assertFalse(Files.exists(marker), "the workload never ran");

        Path slow = Files.writeString(dir.resolve("slow.json"),
                "{\"poststart\": [{\"path\": \"/bin/sleep\", \"args\": [\"sleep\", \"30\"], \"timeout\": 1}]}");
        long t0 = System.nanoTime();
        Nucleus.Result t = Nucleus.run("run", "--hooks", slow.toString(), "--", "/bin/sleep", "30");
        assertEquals(125, t.exit(), t.toString());
        assertTrue(t.err().contains("hook poststart[0] /bin/sleep timed out after 1 s"), t.err());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the workload was stopped with the start");
    }

    @Test
    void aFailingPoststopHookIsOnlyAWarning(@TempDir Path dir) throws IOException {
        Path hooks = Files.writeString(dir.resolve("stop.json"),
                "{\"poststop\": [{\"path\": \"/bin/false\", \"args\": [\"false\"]}]}");
        Nucleus.Result r = Nucleus.run("run", "--hooks", hooks.toString(), "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("nucleus: warning: hook poststop[0] /bin/false failed with exit status 1"),
                r.err());
    }

    @Test
    void aBadHooksFileIsRefusedAndAFailingStartContainerHookStopsThePausedContainer(@TempDir Path dir) throws IOException {
        Path relative = Files.writeString(dir.resolve("rel.json"), "{\"poststart\": [{\"path\": \"true\"}]}");
        Nucleus.Result r = Nucleus.run("run", "--hooks", relative.toString(), "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--hooks " + relative + ": poststart[0].path: an absolute program path is required"),
                r.err());
        Path unknown = Files.writeString(dir.resolve("unk.json"), "{\"prestop\": []}");
        assertEquals(2, Nucleus.run("run", "--hooks", unknown.toString(), "--", "/bin/true").exit());
        Path marker = dir.resolve("ran");
        Path start = Files.writeString(dir.resolve("start.json"),
                "{\"startContainer\": [{\"path\": \"/bin/false\", \"args\": [\"false\"]}]}");
        Nucleus.Result s = Nucleus.run("run", "--hooks", start.toString(), "-v", dir + ":/out", "--", "/bin/sh", "-c",
                "touch /out/ran");
        assertEquals(125, s.exit(), s.toString());
        assertTrue(s.err().contains("hook startContainer[0] /bin/false failed with exit status 1"), s.err());
        assertFalse(Files.exists(marker), "the paused workload never ran");
    }

    @Test
    void aDetachedStartWhoseHookFailsShowsTheHooksOutputAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectory(dir.resolve("state"));
        Path marker = dir.resolve("ran");
        Path state = dir.resolve("state.json");
        for (String point : List.of("createRuntime", "poststart")) {
            // the hook keeps the OCI state it is given (the container's id), then says why it fails
            Path fails = Files.writeString(dir.resolve(point + ".json"), "{\"" + point + "\": [{\"path\": \"/bin/sh\","
                    + " \"args\": [\"sh\", \"-c\", \"cat > " + state + "; echo " + point + "-stdout-why;"
                    + " echo " + point + "-stderr-why >&2; exit 3\"]}]}");
            Nucleus.Result r = Nucleus.run("--root", root.toString(), "run", "-d", "--name", "hooked", "--hooks",
                    fails.toString(), "--", "/bin/sh", "-c", "touch " + marker + "; exec sleep 30");
            assertEquals(125, r.exit(), r.toString());
            // as a foreground run shows it: the hook's own output, then Nucleus's verdict
            assertTrue(r.err().contains(point + "-stdout-why\n" + point + "-stderr-why\nnucleus run: hook " + point
                    + "[0] /bin/sh failed with exit status 3\n"), r.err());
            assertEquals("", r.out(), "no id for a start that failed");
            String id = new String(Files.readAllBytes(state)).replaceFirst("(?s).*\"id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
            assertEquals(32, id.length(), id);
            if (point.equals("createRuntime")) {
                assertFalse(Files.exists(marker), "the workload never ran");
            }
            // nothing of the failed container is left: no state, no log, no cgroup, no name
            assertEquals("[]", Nucleus.run("--root", root.toString(), "ps", "-a", "--json").out().replaceAll("\\s", ""));
            assertFalse(Files.exists(root.resolve(id)), "its directory (and log) is gone");
            assertEquals("", Nucleus.shell("find /sys/fs/cgroup -maxdepth 6 -type d -name '*" + id.substring(0, 12)
                    + "*' | head -5").out().strip(), "its cgroups are gone");
            try (var launch = Files.list(root.resolve(".launch"))) {
                assertEquals(List.of(), launch.toList(), "no launch document is left");
            }
        }
        Nucleus.Result again = Nucleus.run("--root", root.toString(), "run", "-d", "--name", "hooked", "--",
                "/bin/sleep", "30");
        assertEquals(0, again.exit(), "the name is free again: " + again);
        assertEquals(0, Nucleus.run("--root", root.toString(), "rm", "--force", "hooked").exit());
    }
}
