package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * nucleus attach: the command runs in every namespace and the cgroup of the container, with the
 * workload's identity and confinement (capabilities, no_new_privs, seccomp, Landlock), and its
 * exit status is attach's.
 */
@Tag("root")
class AttachIT {
    Path root;

    @BeforeEach
    void stateDir() throws IOException {
        root = Files.createTempDirectory("nucleus-attach");
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        nucleus("rm", "--force", "box");
        // The box's supervisor may still be ending (a trace-mode box writes its log into root then).
        assertTrue(Nucleus.awaitNoProcessMentioning(root.toString()), "a process of " + root + " still runs");
        Nucleus.shell("rm -rf '" + root + "'");
    }

    Nucleus.Result nucleus(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Nucleus.run(all);
    }

    void startBox(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("create", "-d", "--name", "box", "--hostname", "boxhost",
                "--user", "1000", "--group", "1000", "--memory", "64M"));
        args.addAll(List.of(extra));
        args.addAll(List.of("--", "/bin/sleep", "300"));
        Nucleus.Result created = nucleus(args.toArray(String[]::new));
        assertEquals(0, created.exit(), created.toString());
    }

    /**
     * From a terminal, the command gets pipes, never the caller's terminal (which it could type
     * into with TIOCSTI, or change the modes of), and no controlling terminal (/dev/tty opens
     * nothing); what is typed still reaches it, ^D ends its input, its output and status come back.
     */
    @Test
    void fromATerminalTheCommandGetsPipesNotTheCallersTerminal() {
        startBox();
        Nucleus.Result r = UnderPty.run("ready", "hello from the terminal", List.of(Nucleus.BIN.toString(),
                "--root", root.toString(), "attach", "box", "--", "/bin/sh", "-c",
                "for fd in 0 1 2; do if test -t $fd; then echo fd$fd=terminal; else echo fd$fd=$(readlink /proc/self/fd/$fd); fi; done;"
                        + " echo ctty=$(cut -d' ' -f7 /proc/self/stat);"
                        + " if (exec 3</dev/tty) 2>/dev/null; then echo devtty=opened; else echo devtty=none; fi;"
                        + " echo ready; read line; echo \"got:$line\"; cat; echo input-ended; echo to-stderr >&2; exit 5"));
        assertEquals(5, r.exit(), "the command's status: " + r);
        List<String> lines = r.out().lines().map(String::strip).toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("fd0=pipe:\\[\\d+]")), "stdin is a pipe: " + r);
        assertTrue(lines.stream().anyMatch(l -> l.matches("fd1=pipe:\\[\\d+]")), "stdout is a pipe: " + r);
        assertTrue(lines.stream().anyMatch(l -> l.matches("fd2=pipe:\\[\\d+]")), "stderr is a pipe: " + r);
        assertFalse(r.out().contains("=terminal"), r.toString());
        assertTrue(lines.contains("ctty=0"), "no controlling terminal: " + r);
        assertTrue(lines.contains("devtty=none"), "/dev/tty reaches nothing of the caller's: " + r);
        assertTrue(lines.contains("got:hello from the terminal"), "typed input reaches it: " + r);
        assertTrue(lines.contains("input-ended"), "^D ends its input: " + r);
        assertTrue(lines.contains("to-stderr"), "its stderr reaches the terminal: " + r);
    }

    @Test
    void attachRunsAsTheWorkloadInsideEveryNamespaceAndTheCgroup() {
        startBox();
        Nucleus.Result id = nucleus("attach", "box", "--", "id");
        assertEquals(0, id.exit(), id.toString());
        assertEquals("uid=1000(user) gid=1000(group) groups=1000(group)", id.out().strip(),
                "the workload's identity, not container root");

        Nucleus.Result inside = nucleus("attach", "box", "--", "/bin/sh", "-c",
                "hostname; grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status;"
                        + " grep -E ':memory:' /proc/self/cgroup; ls /proc | grep -cE '^[0-9]+$'; cat /proc/1/cmdline");
        assertEquals(0, inside.exit(), inside.toString());
        List<String> lines = inside.out().lines().toList();
        assertEquals("boxhost", lines.get(0), "the container's UTS namespace: " + inside);
        assertTrue(lines.contains("CapEff:\t0000000000000000"), inside.toString());
        assertTrue(lines.contains("CapBnd:\t0000000000000000"), inside.toString());
        assertTrue(lines.contains("NoNewPrivs:\t1"), inside.toString());
        assertTrue(lines.contains("Seccomp:\t2"), "the workload's seccomp filter: " + inside);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+:memory:/")),
                "in the container's memory cgroup, at the root of its cgroup namespace: " + inside);
        int processes = Integer.parseInt(lines.get(lines.size() - 2).strip());
        assertTrue(processes <= 5, "the container's PID namespace shows only its own processes: " + inside);
        assertTrue(lines.getLast().startsWith("/bin/sleep"), "PID 1 is the workload: " + inside);
    }

    @Test
    void landlockAppliesToTheAttachedCommandAsToTheWorkload() {
        startBox();
        Nucleus.Result write = nucleus("attach", "box", "--", "/bin/sh", "-c",
                "echo x > /tmp/ok && echo tmp-ok; echo x > /etc/nucleus-attach-test 2>/dev/null || echo etc-denied");
        assertEquals(0, write.exit(), write.toString());
        assertEquals("tmp-ok\netc-denied\n", write.out(), write.toString());
    }

    @Test
    void theExitStatusIsTheCommandsAndFailuresAreNamed() {
        startBox();
        assertEquals(7, nucleus("attach", "box", "--", "/bin/sh", "-c", "exit 7").exit());
        Nucleus.Result missing = nucleus("attach", "box", "--", "/no/such/tool");
        assertEquals(127, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("/no/such/tool"), missing.toString());

        Nucleus.Result unknown = nucleus("attach", "nobox", "--", "id");
        assertEquals(2, unknown.exit(), unknown.toString());

        assertEquals(0, nucleus("stop", "--timeout", "1", "box").exit());
        Nucleus.Result stopped = nucleus("attach", "box", "--", "id");
        assertEquals(2, stopped.exit(), stopped.toString());
        assertTrue(stopped.err().contains("only a running container can be attached to"), stopped.toString());
    }

    @Test
    void aTraceModeContainerRefusesAttachNamingWhy() throws IOException {
        Path trace = root.resolve("trace.ndjson");
        startBox("--seccomp-mode", "trace", "--seccomp-log", trace.toString());
        Nucleus.Result r = nucleus("attach", "box", "--", "id");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--seccomp-mode trace"), r.toString());
        // rm --force returns once the box's supervisor has finished: its trace log is written.
        assertEquals(0, nucleus("rm", "--force", "box").exit());
        assertTrue(Files.size(trace) > 0, "the trace log is complete when rm returns");
        assertFalse(Nucleus.aProcessMentions(root.toString()), "no process of " + root + " runs after rm --force");
    }
}
