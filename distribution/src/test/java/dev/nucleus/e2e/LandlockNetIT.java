package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Landlock policy's {@code [net]} TCP port rules (ABI 4) and {@code scopes} (ABI 6), through the
 * real binary. Docker's default profile lets the workload open TCP sockets in its own network
 * namespace (lo only), so what refuses below is Landlock alone.
 */
@Tag("root")
class LandlockNetIT {
    static final String READ_ALL = "[[rules]]\npath = \"/\"\naccess = [\"read\", \"readdir\", \"execute\"]\n";
    /** Binds and connects on loopback and prints what each attempt gave. */
    static final String PROBE = String.join("\n",
            "import socket, errno",
            "def bind(p):",
            "    s = socket.socket()",
            "    try:",
            "        s.bind(('127.0.0.1', p)); s.listen(); return s, 'ok'",
            "    except OSError as e:",
            "        return None, errno.errorcode[e.errno]",
            "def conn(p):",
            "    c = socket.socket()",
            "    try:",
            "        c.connect(('127.0.0.1', p)); return 'ok'",
            "    except OSError as e:",
            "        return errno.errorcode[e.errno]",
            "a, ra = bind(38080)",
            "b, rb = bind(38081)",
            "print('bind38080', ra, 'bind38081', rb, 'connect38080', conn(38080), 'connect38082', conn(38082))");
    static Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Nucleus.tempDir("nucleus-landlock-net");
        Files.writeString(dir.resolve("probe.py"), PROBE + "\n");
    }

    static Nucleus.Result probe(String policy) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", "--seccomp-profile", SeccompProfileIT.dockerDefault()
                .toString(), "-v", dir + ":/probe:ro"));
        if (policy != null) {
            Path file = Files.createTempFile(dir, "policy", ".toml");
            Files.writeString(file, policy, StandardCharsets.UTF_8);
            args.addAll(List.of("--landlock-policy", file.toString()));
        }
        args.addAll(List.of("--", "python3", "/probe/probe.py"));
        return Nucleus.run(args.toArray(String[]::new));
    }

    @Test
    void withoutNetRulesEveryPortIsOpen() throws IOException {
        Nucleus.Result r = probe(READ_ALL);
        assertEquals("bind38080 ok bind38081 ok connect38080 ok connect38082 ECONNREFUSED\n", r.out(), r.toString());
    }

    @Test
    void netRulesAllowOnlyTheListedPorts() throws IOException {
        Nucleus.Result r = probe(READ_ALL + "[net]\nbind_tcp = [38080]\nconnect_tcp = [38080]\n");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("bind38080 ok bind38081 EACCES connect38080 ok connect38082 EACCES\n", r.out(), r.toString());
    }

    @Test
    void anEmptyNetTableDeniesAllTcp() throws IOException {
        Nucleus.Result r = probe(READ_ALL + "[net]\n");
        assertEquals("bind38080 EACCES bind38081 EACCES connect38080 EACCES connect38082 EACCES\n", r.out(),
                r.toString());
    }

    @Test
    void badNetRulesAndScopesExit2NamingEachProblem() throws IOException {
        Nucleus.Result r = probe("scopes = [\"signals\"]\n[net]\nbind_tcp = [70000]\nconect_tcp = [1]\n");
        assertEquals(2, r.exit(), r.toString());
        for (String problem : List.of("[net] unknown key \"conect_tcp\" (did you mean \"connect_tcp\"?)",
                "[net] bind_tcp: the value 70000 is not a port (0-65535)", "scopes: unknown scope \"signals\"")) {
            assertTrue(r.err().contains(problem), problem + " in " + r.err());
        }
    }

    /** Host network shares the host's abstract sockets: the policy's scopes decide whether they are reachable. */
    @Test
    void scopesInThePolicyReplaceTheDefaultOnes() throws Exception {
        Process listener = new ProcessBuilder("python3", "-c", "import socket; s=socket.socket(socket.AF_UNIX); "
                + "s.bind('\\0nucleus-policy-scope-it'); s.listen(4); print('up', flush=True); s.settimeout(20); "
                + "\nwhile True:\n try: s.accept()\n except Exception: break").start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(listener.getInputStream()));
            assertEquals("up", lines.readLine());
            String connect = "python3 -c \"import socket; s=socket.socket(socket.AF_UNIX)\n"
                    + "try:\n s.connect('\\0nucleus-policy-scope-it'); print('connected')\n"
                    + "except OSError as e: print('refused', e.errno)\"";
            assertEquals("refused 1\n", scoped(READ_ALL, connect).out(), "default scopes refuse");
            assertEquals("refused 1\n", scoped("scopes = [\"abstract_unix_socket\"]\n" + READ_ALL, connect).out());
            assertEquals("connected\n", scoped("scopes = [\"signal\"]\n" + READ_ALL, connect).out(),
                    "a policy without the socket scope lets it through");
        } finally {
            listener.destroy();
        }
    }

    static Nucleus.Result scoped(String policy, String script) throws IOException {
        Path file = Files.createTempFile(dir, "scope", ".toml");
        Files.writeString(file, policy, StandardCharsets.UTF_8);
        return Nucleus.run("run", "--network", "host", "--allow-host-network", "--landlock-policy", file.toString(),
                "--", "/bin/sh", "-c", script);
    }
}
