package dev.nucleus.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as from a user's terminal: on a fresh pseudo-terminal (python3's pty module),
 * in its foreground. Once the command prints a marker, one line is typed, then ^D (end of
 * input). What the terminal showed comes back as out, the command's exit status as exit.
 */
final class UnderPty {
    private static final String DRIVER = """
            import os, pty, select, sys
            marker, line, argv = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(argv[0], argv)
            seen, typed = b"", False
            while True:
                ready, _, _ = select.select([fd], [], [], 50)
                if not ready:
                    os.kill(pid, 9)
                    seen += b"\\n[pty driver: no output for 50 s]"
                    break
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if not typed and marker in seen:
                    os.write(fd, line + b"\\n")
                    os.write(fd, b"\\x04")
                    typed = True
            _, status = os.waitpid(pid, 0)
            sys.stdout.write(seen.decode(errors="replace"))
            sys.exit(os.waitstatus_to_exitcode(status) & 0xff)
            """;

    private UnderPty() {
    }

    static Nucleus.Result run(String marker, String line, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", DRIVER, marker, line));
        cmd.addAll(command);
        return Nucleus.exec(cmd);
    }
}
