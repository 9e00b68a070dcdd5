package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --secret, --systemd-credential and --env-fd: values reach the workload and nothing else. */
@Tag("root")
class SecretsIT {
    @TempDir
    Path tmp;

    @Test
    void secretsAre0400OwnedByTheWorkloadAndReadOnly() throws IOException {
        Path secret = Files.writeString(tmp.resolve("token"), "hunter2-secret\n");
        Nucleus.Result r = Nucleus.run("run", "--user", "1000", "--group", "1000",
                "--secret", secret + ":/run/secrets/token", "--", "/bin/sh", "-c",
                "stat -c '%a %u %g' /run/secrets/token; cat /run/secrets/token; echo x > /run/secrets/token || echo ro");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("400 1000 1000\nhunter2-secret\nro\n", r.out().replaceAll("(?m)^.*Read-only.*\n", ""));
        assertFalse(r.err().contains("hunter2"), r.toString());
    }

    /**
     * The staging directory is the container's root's alone (0700): a host account that has the
     * workload's uid cannot reach the staged file, which the workload reads at its destination,
     * with and without a user namespace.
     */
    @Test
    void noHostAccountWithTheWorkloadsUidReachesTheStagedSecret() throws IOException {
        Path secret = Files.writeString(tmp.resolve("token"), "hunter2-staged\n");
        // strict-agent's root is uid 100000 on the host and must reach the state directory
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path root = Files.createDirectories(tmp.resolve("staging-state"));
        for (List<String> mode : List.of(List.of("--user", "1000", "--group", "1000"),
                List.of("--service-mode", "strict-agent", "--trust-level", "trusted", "--user", "1000", "--group", "1000"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--root", root.toString(), "run", "-d", "--name", "stg"));
            args.addAll(mode);
            args.addAll(List.of("--secret", secret + ":/run/secrets/token", "--", "/bin/sh", "-c",
                    "cat /run/secrets/token; sleep 30"));
            Nucleus.Result started = Nucleus.run(args.toArray(String[]::new));
            assertEquals(0, started.exit(), started.toString());
            String id = started.out().strip();
            Path staging = Path.of("/dev/shm/nucleus-secrets-" + id);
            try {
                assertEquals("700", Nucleus.shell("stat -c %a " + staging).out().strip(), mode.toString());
                Nucleus.Result other = Nucleus.shell("setpriv --reuid 1000 --regid 1000 --clear-groups cat " + staging
                        + "/s0");
                assertTrue(other.exit() != 0 && !other.out().contains("hunter2"), "uid 1000 on the host: " + other);
                Nucleus.Result logs = Nucleus.run("--root", root.toString(), "logs", "stg");
                for (int i = 0; i < 50 && !logs.out().contains("hunter2-staged"); i++) {
                    sleepQuietly();
                    logs = Nucleus.run("--root", root.toString(), "logs", "stg");
                }
                assertEquals("hunter2-staged\n", logs.out(), "the workload reads it: " + mode);
            } finally {
                assertEquals(0, Nucleus.run("--root", root.toString(), "rm", "--force", "stg").exit());
            }
        }
    }

    /** Secrets are staged in memory: more than 16 MiB in all is refused before anything is made, on both runtimes. */
    @Test
    void secretsPastSixteenMebibytesAreRefusedUpFront() throws IOException {
        Path big = tmp.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((16L << 20) + 1); // sparse: no disk used
        }
        Path root = Files.createDirectories(tmp.resolve("big-state"));
        for (String runtime : List.of("native", "gvisor")) {
            Nucleus.Result r = Nucleus.run("--root", root.toString(), "run", "--runtime", runtime, "--secret",
                    big + ":/run/secrets/img", "--", "/bin/true");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("--secret /run/secrets/img: 16777217 bytes in all, more than the 16 MiB a"
                    + " container's secrets may hold"), r.toString());
            try (var left = Files.list(root)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                        .filter(n -> !n.startsWith(".") && !n.equals("names")).toList(), runtime);
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void systemdCredentialsComeFromTheCredentialsDirectoryOnly() throws IOException {
        Path creds = Files.createDirectories(tmp.resolve("creds"));
        Files.writeString(creds.resolve("db-url"), "postgres://secret\n");
        Nucleus.Result r = Nucleus.shell("CREDENTIALS_DIRECTORY=" + creds + " \"$NUCLEUS\" run "
                + "--systemd-credential db-url:/run/secrets/db -- /bin/cat /run/secrets/db");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("postgres://secret\n", r.out());
        Nucleus.Result unset = Nucleus.shell("env -u CREDENTIALS_DIRECTORY \"$NUCLEUS\" run "
                + "--systemd-credential db-url:/run/secrets/db -- /bin/true");
        assertEquals(2, unset.exit(), unset.toString());
        assertTrue(unset.err().contains("--systemd-credential db-url: $CREDENTIALS_DIRECTORY is not set"),
                unset.toString());
        Nucleus.Result missing = Nucleus.shell("CREDENTIALS_DIRECTORY=" + creds + " \"$NUCLEUS\" run "
                + "--systemd-credential api-key:/run/secrets/key -- /bin/true");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("--systemd-credential api-key: no such credential in $CREDENTIALS_DIRECTORY"),
                missing.toString());
    }

    @Test
    void envFdValuesReachTheWorkloadButNotTheArgv() {
        Nucleus.Result r = Nucleus.shell("printf '{\"API_TOKEN\":\"hunter2\"}' > " + tmp + "/env.json; "
                + "\"$NUCLEUS\" run --env-fd 3 -- /bin/sh -c 'echo $API_TOKEN; cat /proc/1/cmdline' 3< " + tmp + "/env.json");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("hunter2\n"), r.toString());
        Nucleus.Result refused = Nucleus.shell("echo '[\"LD_PRELOAD=/tmp/x.so\"]' | \"$NUCLEUS\" run --env-fd 3 -- "
                + "/bin/true 3<&0");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("LD_PRELOAD"), refused.toString());
        assertFalse(refused.err().contains("/tmp/x.so"), refused.toString());
    }

    /**
     * A detached launch hands its --env-fd values to the supervisor through a pipe: the value
     * reaches the workload, and no file of the state directory but the log the workload wrote holds it.
     */
    @Test
    void aDetachedLaunchsEnvFdValuesTouchNoStateFile() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("env-state"));
        Nucleus.Result detached = Nucleus.shell("printf '{\"API_TOKEN\":\"hunter2-detached\"}' > " + tmp + "/env-d.json; "
                + "\"$NUCLEUS\" --root " + root + " run -d --name envd --env-fd 3 -- /bin/sh -c 'echo $API_TOKEN' 3< " + tmp
                + "/env-d.json");
        assertEquals(0, detached.exit(), detached.toString());
        Nucleus.Result logs = Nucleus.run("--root", root.toString(), "logs", "--follow", "envd");
        assertEquals("hunter2-detached\n", logs.out(), logs.toString());
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals("container.log")) {
                    assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains("hunter2"), f.toString());
                }
            }
        }
        assertEquals(0, Nucleus.run("--root", root.toString(), "rm", "envd").exit());
    }

    /** /proc/self/environ would be the runtime's own environment: a secret is never read from /proc or /sys. */
    @Test
    void aSecretFromProcIsRefused() {
        Nucleus.Result r = Nucleus.run("run", "--secret", "/proc/self/environ:/run/secrets/e", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("a kernel view (/proc, /sys), not a file's contents"), r.toString());
    }

    @Test
    void envFdIsReadOnlyFromAnFdTheCallerPassedForReading() {
        // 3 and up hold the JVM's modules image and jars when nothing is passed: never read as the environment.
        for (String n : List.of("3", "4", "7")) {
            Nucleus.Result r = Nucleus.run("run", "--env-fd", n, "--", "/bin/true");
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("--env-fd " + n + ": no such open file descriptor (the caller must pass it,"
                    + " e.g. " + n + "<file)"), r.toString());
        }
        Nucleus.Result writeOnly = Nucleus.shell("\"$NUCLEUS\" run --env-fd 3 -- /bin/true 3>" + tmp + "/out");
        assertEquals(2, writeOnly.exit(), writeOnly.toString());
        assertTrue(writeOnly.err().contains("--env-fd 3: not an inherited file descriptor open for reading"),
                writeOnly.toString());
    }

    /**
     * --secrets-fd: the secrets a caller would list with --secret, as a JSON array on an fd, kept
     * out of argv; each is checked as a --secret is, and a detached launch gets them too.
     */
    @Test
    void secretsFromAnFdAreMountedAsSecretsAre() throws IOException {
        Path secret = Files.writeString(tmp.resolve("token"), "from-the-fd\n");
        Files.writeString(tmp.resolve("secrets.json"), "[\"" + secret + ":/run/secrets/token\"]");
        Nucleus.Result r = Nucleus.shell("\"$NUCLEUS\" run --secret " + secret + ":/run/secrets/also --secrets-fd 3 --"
                + " /bin/sh -c 'stat -c %a /run/secrets/token; cat /run/secrets/token /run/secrets/also'"
                + " 3< " + tmp + "/secrets.json");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("400\nfrom-the-fd\nfrom-the-fd\n", r.out(), r.toString());

        Path root = Files.createDirectories(tmp.resolve("state"));
        Nucleus.Result detached = Nucleus.shell("\"$NUCLEUS\" --root " + root + " run -d --name fd --secrets-fd 3 --"
                + " /bin/sh -c 'cat /run/secrets/token' 3< " + tmp + "/secrets.json");
        assertEquals(0, detached.exit(), detached.toString());
        Nucleus.Result logs = Nucleus.run("--root", root.toString(), "logs", "--follow", "fd");
        assertEquals("from-the-fd\n", logs.out(), logs.toString());
        Nucleus.run("--root", root.toString(), "rm", "--force", "fd");

        Nucleus.Result malformed = Nucleus.shell("echo '{\"a\":1}' | \"$NUCLEUS\" run --secrets-fd 3 -- /bin/true 3<&0");
        assertEquals(2, malformed.exit(), malformed.toString());
        assertTrue(malformed.err().contains("--secrets-fd: expected a JSON array of \"SRC:DEST\" strings"),
                malformed.toString());
        Nucleus.Result missing = Nucleus.shell("echo '[\"" + tmp + "/nothing:/run/secrets/x\"]' | \"$NUCLEUS\" run"
                + " --secrets-fd 3 -- /bin/true 3<&0");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("--secret /run/secrets/x: its source is not a readable regular file"),
                "checked as a --secret is: " + missing);
    }
}
