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
