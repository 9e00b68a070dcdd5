package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --terminal relays a pty; --console-socket hands its master over SCM_RIGHTS (the OCI convention). */
@Tag("root")
class TerminalIT {
    @TempDir
    Path tmp;

    @Test
    void terminalGivesTheWorkloadATtyOfTheRequestedSize() {
        Nucleus.Result r = Nucleus.shell("COLUMNS=100 LINES=40 \"$NUCLEUS\" run -t -- /bin/sh -c "
                + "'test -t 0 && test -t 1 && echo tty; stty size; tty' </dev/null");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("tty\r\n40 100\r\n/dev/pts/0\r\n", r.out(), "the pty is the container's own devpts'");
    }

    /**
     * Without --terminal, run from a terminal gives the workload pipes, never that terminal (it
     * could type into the caller's shell with TIOCSTI, or change its modes), and no controlling
     * terminal; typed input, ^D, output and status still flow. With -t it gets its own pty.
     */
    @Test
    void withoutTerminalAWorkloadRunFromATerminalGetsPipesNotIt() {
        String probe = "for fd in 0 1 2; do if test -t $fd; then echo fd$fd=terminal; else echo fd$fd=$(readlink /proc/self/fd/$fd); fi; done;"
                + " echo ctty=$(cut -d' ' -f7 /proc/self/stat);"
                + " if (exec 3</dev/tty) 2>/dev/null; then echo devtty=opened; else echo devtty=none; fi;"
                + " echo ready; read line; echo \"got:$line\"; cat; echo input-ended; echo to-stderr >&2; exit 4";
        Nucleus.Result r = UnderPty.run("ready", "typed line", java.util.List.of(Nucleus.BIN.toString(), "run", "--",
                "/bin/sh", "-c", probe));
        assertEquals(4, r.exit(), "the workload's status: " + r);
        java.util.List<String> lines = r.out().lines().map(String::strip).toList();
        for (int fd = 0; fd <= 2; fd++) {
            String prefix = "fd" + fd + "=pipe:[";
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix)), "fd " + prefix + " is a pipe: " + r);
        }
        assertTrue(lines.contains("ctty=0"), "no controlling terminal: " + r);
        assertTrue(lines.contains("devtty=none"), "/dev/tty reaches nothing of the caller's: " + r);
        assertTrue(lines.contains("got:typed line"), "typed input reaches it: " + r);
        assertTrue(lines.contains("input-ended"), "^D ends its input: " + r);
        assertTrue(lines.contains("to-stderr"), r.toString());

        Nucleus.Result t = UnderPty.run("ready", "typed", java.util.List.of(Nucleus.BIN.toString(), "run", "-t", "--",
                "/bin/sh", "-c", "test -t 0 && test -t 1 && echo own-pty=$(tty); echo ready; read line; echo \"got:$line\""));
        assertEquals(0, t.exit(), t.toString());
        assertTrue(t.out().contains("own-pty=/dev/pts/0"), "-t: the container's own pty: " + t);
        assertTrue(t.out().contains("got:typed"), t.toString());
    }

    /** A Python console socket: listens at argv[1], prints "listening", then what the pty master it gets yields. */
    static Path consoleReceiver(Path dir) throws java.io.IOException {
        return Files.writeString(dir.resolve("console.py"), """
                import socket, os, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); s.listen(1)
                print("listening", flush=True)
                c, _ = s.accept()
                _, fds, _, _ = socket.recv_fds(c, 16, 1)
                out = b""
                while True:
                    try:
                        b = os.read(fds[0], 4096)
                    except OSError:
                        break
                    if not b:
                        break
                    out += b
                print(out.decode().replace("\\r", "").strip())
                """);
    }

    @Test
    void consoleSocketReceivesTheMaster() throws Exception {
        Path receiver = consoleReceiver(tmp);
        Path socket = tmp.resolve("console.sock");
        Process python = new ProcessBuilder("python3", receiver.toString(), socket.toString()).start();
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(python.getInputStream()));
        assertEquals("listening", lines.readLine());
        Nucleus.Result r = Nucleus.run("run", "--console-socket", socket.toString(), "--", "/bin/sh", "-c",
                "test -t 0 && echo on-the-console");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.out(), "the workload's output went to the console, not to nucleus's stdout");
        assertTrue(python.waitFor(10, TimeUnit.SECONDS));
        assertEquals("on-the-console", lines.readLine());
    }

    /** A console socket nobody listens on is a wrong input: refused (2) before a container exists, in any state. */
    @Test
    void aConsoleSocketThatIsNotThereIsRefusedBeforeAnythingIsMade() throws IOException {
        Path root = tmp.resolve("state");
        Path plain = Files.writeString(tmp.resolve("plain"), "x");
        for (Path socket : java.util.List.of(tmp.resolve("absent.sock"), plain)) {
            for (boolean detached : new boolean[] {false, true}) {
                java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("--root", root.toString(),
                        "run", "--console-socket", socket.toString()));
                if (detached) {
                    argv.add("-d");
                }
                argv.addAll(java.util.List.of("--", "/bin/true"));
                Nucleus.Result r = Nucleus.run(argv.toArray(String[]::new));
                assertEquals(2, r.exit(), r.toString());
                assertTrue(r.err().contains("--console-socket " + socket + ": "), r.toString());
                try (var left = Files.list(root)) {
                    assertEquals(java.util.List.of(), left.map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith(".") && !n.equals("names")).toList(), "nothing is left: " + r);
                } catch (java.nio.file.NoSuchFileException e) {
                    // no state directory was made at all
                }
            }
        }
    }
}
