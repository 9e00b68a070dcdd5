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
 * {@code nucleus compose} through the real binary: services start as detached containers in
 * dependency order (waiting for health where asked), a second {@code up} keeps what did not change
 * and replaces what did, services on one network find each other by name, a topology any service
 * of which would be refused starts nothing, and {@code down} leaves nothing behind. Each test
 * uses its own --root and its own topology name (so its own bridge).
 */
@Tag("root")
class ComposeIT {
    Path root;
    Path rootfs;
    Path work;
    String topology;

    @BeforeEach
    void setUp() throws IOException {
        root = Nucleus.tempDir("nucleus-compose-root");
        work = Nucleus.tempDir("nucleus-compose");
        // Production services started as root run as host uid 100000 and up: they must pass through.
        for (Path dir : List.of(root, work)) {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        Path tree = Nucleus.tempDir("nucleus-compose-rootfs");
        Path bin = Files.createDirectories(tree.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String tool : List.of("sh", "sleep", "cat", "nc", "test", "touch", "ls", "stat")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("busybox"));
        }
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/hosts"), "");
        Files.writeString(tree.resolve("etc/resolv.conf"), "");
        // Services run in production by default: their rootfs is in the Nix store, attested (as
        // nix-build leaves it, a link named in the topology leads there).
        rootfs = Files.createSymbolicLink(work.resolve("rootfs"), NixStore.attestedRootfs(tree));
        topology = "cit" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    @AfterEach
    void nothingLeft() throws IOException, InterruptedException {
        // Whatever a test left running goes, so that the next one starts clean; then check it all went.
        Nucleus.Result ids = Nucleus.run("--root", root.toString(), "ps", "-a", "--format", "ID");
        ids.out().lines().skip(1).forEach(id -> Nucleus.run("--root", root.toString(), "rm", "--force", id.strip()));
        assertTrue(Nucleus.awaitNoProcessMentioning(root.toString()), "no supervisor of this test still runs");
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9a-f]{32}")).toList(), "every container's directory is gone");
        }
        Nucleus.Result links = Nucleus.exec(List.of("ip", "-br", "link"));
        assertFalse(links.out().contains("nct"), "no topology bridge is left: " + links.out());
    }

    private Path write(String name, String toml) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, "name = \"" + topology + "\"\n" + toml);
        return file;
    }

    private Nucleus.Result compose(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("--root", root.toString(), "compose"));
        cmd.addAll(List.of(args));
        return Nucleus.run(cmd.toArray(String[]::new));
    }

    /** A host process on a service's port: up is refused before the first service starts, not at that service's turn. */
    @Test
    void aPortAHostProcessHoldsStartsNothing() throws IOException {
        Path file = write("port.toml", "[networks.backend]\nsubnet = \"10.79.3.0/24\"\n" + dbAndWebOnBackend("pong").replace("depends_on = [\"db\"]\n",
                "depends_on = [\"db\"]\nport_forwards = [\"127.0.0.1:18973:80\"]\n"));
        try (java.net.ServerSocket held = new java.net.ServerSocket(18973, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Nucleus.Result up = compose("up", "-f", file.toString());
            assertEquals(2, up.exit(), up.toString());
            assertTrue(up.err().contains("services.web: ") && up.err().contains("is in use by a host process"), up.err());
            assertEquals(1, Nucleus.run("--root", root.toString(), "ps", "-a", "--format", "ID").out().lines().count(),
                    "db, which comes first, did not start either");
        }
        Nucleus.Result up = compose("up", "-f", file.toString());
        assertEquals(0, up.exit(), up.toString());
        assertEquals(0, compose("up", "-f", file.toString()).exit(), "a running service's own port is no clash");
        assertEquals(0, compose("down", "-f", file.toString()).exit());
    }

    private Nucleus.Result attach(String container, String script) {
        return Nucleus.run("--root", root.toString(), "attach", container, "--", "/bin/sh", "-c", script);
    }

    private String service(String name, String command, String extra) {
        return "\n[services." + name + "]\nrootfs = \"" + rootfs + "\"\ncommand = [\"/bin/sh\", \"-c\", \"" + command
                + "\"]\nmemory = \"64M\"\ntrust_level = \"trusted\"\n" + extra;
    }

    private String twoServices(String greeting) {
        return "[volumes.data]\nvolume_type = \"persistent\"\npath = \"" + work.resolve("data") + "\"\n"
                + "owner = \"101234:101234\"\n[volumes.scratch]\nsize = \"8M\"\n"
                + service("db", "touch /data/ready; exec sleep 1000",
                "user = \"1234\"\ngroup = \"1234\"\nseccomp_allow = [\"setgid\", \"setuid\"]\nvolumes = [\"data:/data\"]\nhealth_check = \"test -f /data/ready\"\nhealth_interval = 1\n"
                        + "health_start_period = 0\n")
                + service("web", "exec sleep 1000",
                "volumes = [\"data:/data:ro\", \"scratch:/scratch\"]\n"
                        + "depends_on = [{ service = \"db\", condition = \"healthy\" }]\n"
                        + "environment = { GREETING = \"" + greeting + "\" }\n");
    }

    @Test
    void upStartsInOrderKeepsWhatDidNotChangeReplacesWhatDidAndDownRemovesAll() throws IOException {
        Path file = write("app.toml", twoServices("hello"));
        Nucleus.Result validate = compose("validate", "-f", file.toString());
        assertEquals(0, validate.exit(), validate.toString());
        assertTrue(validate.out().contains("1. db (" + topology + "-db)"), validate.out());
        assertTrue(validate.out().contains("2. web (" + topology + "-web) after db (healthy)"), validate.out());

        Nucleus.Result up = compose("up", "-f", file.toString());
        assertEquals(0, up.exit(), up.toString());
        List<String> lines = up.out().lines().toList();
        assertEquals(2, lines.size(), up.out());
        assertTrue(lines.get(0).startsWith("started db ") && lines.get(1).startsWith("started web "), up.out());
        // The persistent volume was made and given to its owner, the host ids db's user 1234 maps to
        // (production remaps the container's ids by 100000), as whom db wrote into it before web
        // started. (busybox resets its ids when it starts as non-root: the default seccomp allowlist
        // does not have set*id, so the service opts in to them.)
        assertEquals("101234:101234", Nucleus.exec(List.of("stat", "-c", "%u:%g", work.resolve("data").toString()))
                .out().strip());
        Nucleus.Result inWeb = attach(topology + "-web", "echo $GREETING; ls /data; touch /scratch/x && echo"
                + " scratch-rw; touch /data/y 2>/dev/null || echo data-ro");
        assertEquals("hello\nready\nscratch-rw\ndata-ro\n", inWeb.out(), inWeb.toString());

        Nucleus.Result ps = compose("ps", "-f", file.toString());
        assertEquals(0, ps.exit(), ps.toString());
        assertTrue(ps.out().lines().anyMatch(l -> l.startsWith("db ") && l.contains("running") && l.endsWith("healthy")),
                ps.out());
        assertTrue(ps.out().lines().anyMatch(l -> l.startsWith("web ") && l.contains("running")), ps.out());

        Nucleus.Result again = compose("up", "-f", file.toString());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().startsWith("unchanged db ") && again.out().contains("\nunchanged web "), again.out());

        Path changed = write("changed.toml", twoServices("bye"));
        Nucleus.Result replace = compose("up", "-f", changed.toString());
        assertEquals(0, replace.exit(), replace.toString());
        assertTrue(replace.out().contains("(its definition changed)") && replace.out().contains("unchanged db ")
                && replace.out().contains("replaced web "), replace.out());
        assertEquals("bye\n", attach(topology + "-web", "echo $GREETING").out());

        Path dbOnly = write("db-only.toml", twoServices("bye").substring(0, twoServices("bye").indexOf("[services.web]")));
        Nucleus.Result shrink = compose("up", "-f", dbOnly.toString());
        assertEquals(0, shrink.exit(), shrink.toString());
        assertTrue(shrink.out().contains("removed web ") && shrink.out().contains("(not in the topology)"),
                shrink.out());

        // A service whose container stopped is started again.
        assertEquals(0, Nucleus.run("--root", root.toString(), "stop", "-t", "1", topology + "-db").exit());
        Nucleus.Result restart = compose("up", "-f", dbOnly.toString());
        assertTrue(restart.out().contains("(its container is not running)") && restart.out().contains("replaced db "),
                restart.toString());

        Nucleus.Result down = compose("down", "-f", dbOnly.toString());
        assertEquals(0, down.exit(), down.toString());
        assertTrue(down.out().startsWith("removed db "), down.out());
        Nucleus.Result after = compose("ps", "-f", file.toString());
        assertTrue(after.out().contains("not created"), after.out());
        assertTrue(Files.isDirectory(work.resolve("data")), "a persistent volume outlives the topology");
    }

    /** db answers {@code reply} on port 7000; web, which depends on it, may reach the network. */
    private String dbAndWebOnBackend(String reply) {
        return service("db", "while true; do echo " + reply + " | nc -l -p 7000; done",
                "networks = [\"backend\"]\ndns = [\"10.79.3.1\"]\n")
                + service("web", "exec sleep 1000", "networks = [\"backend\"]\ndns = [\"10.79.3.1\"]\n"
                + "depends_on = [\"db\"]\negress_allow = [\"10.79.3.0/24\"]\n");
    }

    @Test
    void servicesOnANetworkFindEachOtherByName() throws IOException {
        String net = "[networks.backend]\nsubnet = \"10.79.3.0/24\"\n";
        Path file = write("net.toml", net + dbAndWebOnBackend("pong"));
        Nucleus.Result up = compose("up", "-f", file.toString());
        assertEquals(0, up.exit(), up.toString());
        Nucleus.Result hosts = attach(topology + "-web", "cat /etc/hosts");
        assertTrue(hosts.out().contains("\tdb\n") && hosts.out().contains("\t" + topology + "-db\n"), hosts.out());
        Nucleus.Result talk = attach(topology + "-web", "echo ping | nc db 7000");
        assertEquals("pong\n", talk.out(), talk.toString());

        // db changes: web, which names it in /etc/hosts, starts anew beside it, and still reaches it.
        Path changed = write("net2.toml", net + dbAndWebOnBackend("pong2"));
        Nucleus.Result moved = compose("up", "-f", changed.toString());
        assertEquals(0, moved.exit(), moved.toString());
        assertTrue(moved.out().contains("replaced db ") && moved.out().contains("replaced web ")
                && moved.out().contains("(db, which it depends on over their network, was started anew)"), moved.out());
        assertEquals("pong2\n", attach(topology + "-web", "echo ping | nc db 7000").out());

        // Another topology on the same subnet would make both bridges' routes ambiguous: refused
        // before anything starts, also the service on no network that would start first.
        Path clash = work.resolve("clash.toml");
        Files.writeString(clash, "name = \"" + topology + "x\"\n" + net + service("a", "exec sleep 1000", "")
                + service("db", "exec sleep 1000", "networks = [\"backend\"]\ndns = [\"10.79.3.1\"]\n"
                + "depends_on = [\"a\"]\n"));
        assertEquals(2, compose("validate", "-f", clash.toString()).exit());
        Nucleus.Result refused = compose("up", "-f", clash.toString());
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("overlaps 10.79.3.1/24 on nct"), refused.err());
        assertEquals("", refused.out(), "nothing started: " + refused);
        assertEquals(0, compose("down", "-f", file.toString()).exit());
    }

    @Test
    void aTopologyAnyServiceOfWhichWouldBeRefusedStartsNothing() throws IOException {
        // web is untrusted on the native runtime in production: the launch rules refuse it, so db
        // (which they accept, and which starts first) does not start either.
        Path file = write("refused.toml", service("db", "exec sleep 1000", "")
                + service("web", "exec sleep 1000", "depends_on = [\"db\"]\n").replace(
                "trust_level = \"trusted\"\ndepends_on", "depends_on"));
        Nucleus.Result up = compose("up", "-f", file.toString());
        assertEquals(2, up.exit(), up.toString());
        assertTrue(up.err().contains("services.web: ") && up.err().contains("untrusted"), up.err());
        assertEquals("", up.out(), up.toString());
        Nucleus.Result ps = Nucleus.run("--root", root.toString(), "ps", "-a", "--format", "ID");
        assertEquals(1, ps.out().lines().count(), "nothing was started (only the header): " + ps);
        assertEquals(2, compose("validate", "-f", file.toString()).exit());
    }

    @Test
    void whatTheHostWouldRefuseOfAnyServiceStartsNothingAndRelativePathsAreTheFiles() throws IOException {
        // rootfs relative to the topology file (work/), as the secret's source is: the file is missing.
        Path file = write("secret.toml", service("db", "exec sleep 1000", "").replace("rootfs = \"" + rootfs + "\"",
                "rootfs = \"rootfs\"") + service("web", "exec sleep 1000",
                "secrets = [\"keys/token:/run/secrets/token\"]\n").replace("rootfs = \"" + rootfs + "\"",
                "rootfs = \"rootfs\""));
        Nucleus.Result up = compose("up", "-f", file.toString());
        assertEquals(2, up.exit(), up.toString());
        assertTrue(up.err().contains("services.web: ") && up.err().contains("/run/secrets/token"), up.err());
        assertEquals(1, Nucleus.run("--root", root.toString(), "ps", "-a", "--format", "ID").out().lines().count(),
                "db, which the host accepts, did not start either");

        Files.createDirectories(work.resolve("keys"));
        Files.writeString(work.resolve("keys/token"), "s3cret\n");
        Nucleus.Result again = compose("up", "-f", file.toString());
        assertEquals(0, again.exit(), again.toString());
        assertEquals("s3cret\n", attach(topology + "-web", "cat /run/secrets/token").out());
        assertEquals(0, compose("down", "-f", file.toString()).exit());
    }

    @Test
    void twoUpsAtOnceStartEachServiceOnce() throws Exception {
        Path file = write("twice.toml", service("db", "exec sleep 1000", "")
                + service("web", "exec sleep 1000", "depends_on = [\"db\"]\n"));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> compose("up", "-f", file.toString()));
        var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> compose("up", "-f", file.toString()));
        Nucleus.Result a = first.get();
        Nucleus.Result b = second.get();
        assertEquals(0, a.exit(), a.toString());
        assertEquals(0, b.exit(), b.toString());
        String both = a.out() + b.out();
        assertEquals(2, both.lines().filter(l -> l.startsWith("started ")).count(), both);
        assertEquals(2, both.lines().filter(l -> l.startsWith("unchanged ")).count(), both);
        assertEquals(3, Nucleus.run("--root", root.toString(), "ps", "--format", "ID").out().lines().count(),
                "one container per service (and the header)");
        assertEquals(0, compose("down", "-f", file.toString()).exit());
    }

    @Test
    void malformedTopologiesAreRefusedNamingTheKey() throws IOException {
        Path bad = write("bad.toml", "[services\n");
        Nucleus.Result toml = compose("validate", "-f", bad.toString());
        assertEquals(2, toml.exit(), toml.toString());
        assertTrue(toml.err().contains("invalid topology"), toml.err());
        assertTrue(toml.err().contains(bad + ":2: not valid TOML: ']' to close the table header expected"), toml.err());

        // name, blank, [services.db], rootfs, command, memory, trust_level, then the typo on line 8
        Path typo = write("unknown.toml", service("db", "exec sleep 1", "memroy = \"1G\"\n"));
        Nucleus.Result unknown = compose("up", "-f", typo.toString());
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains(typo + ":8: services.db.memroy: unknown key"), unknown.err());

        Path twice = write("twice.toml", service("db", "exec sleep 1", "memory = \"1G\"\n\n# end\n"));
        Nucleus.Result duplicate = compose("validate", "-f", twice.toString());
        assertEquals(2, duplicate.exit(), duplicate.toString());
        assertTrue(duplicate.err().contains(twice + ":8: not valid TOML: the key 'memory' is defined twice"), duplicate.err());

        // a launch value refused in an array written over several lines: named at its element's line
        Path ports = write("ports.toml", service("db", "exec sleep 1",
                "port_forwards = [\n  \"8080:80\",\n  \"99999:80\",\n]\n"));
        Nucleus.Result port = compose("validate", "-f", ports.toString());
        assertEquals(2, port.exit(), port.toString());
        assertTrue(port.err().contains(ports + ":10: services.db: key 'port_forwards': invalid value '99999:80'"),
                port.err());

        Nucleus.Result cycle = compose("validate", "-f", write("cycle.toml",
                service("a", "exec sleep 1", "depends_on = [\"b\"]\n")
                        + service("b", "exec sleep 1", "depends_on = [\"a\"]\n")).toString());
        assertEquals(2, cycle.exit(), cycle.toString());
        assertTrue(cycle.err().contains("cycle: a, b"), cycle.err());

        Nucleus.Result gvisorHealth = compose("validate", "-f", write("gvisor.toml", service("db", "exec sleep 1",
                "runtime = \"gvisor\"\nhealth_check = \"true\"\n")).toString());
        // gVisor runs health checks now (runsc exec): what the runtime can do is judged per service.
        assertEquals(0, gvisorHealth.exit(), gvisorHealth.toString());

        Nucleus.Result missing = compose("up", "-f", work.resolve("absent.toml").toString());
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void aDependencyThatStopsBeforeItIsHealthyEndsTheUp() throws IOException {
        Path file = write("dies.toml", service("db", "sleep 1; exit 3",
                "health_check = \"false\"\nhealth_interval = 1\n")
                + service("web", "exec sleep 1000", "depends_on = [{ service = \"db\", condition = \"healthy\" }]\n"));
        Nucleus.Result up = compose("up", "-f", file.toString());
        assertEquals(125, up.exit(), up.toString());
        assertTrue(up.err().contains("web waits for db to be healthy, but its container"), up.err());
        assertTrue(up.out().startsWith("started db ") && !up.out().contains("web"), up.out());
        Nucleus.Result ps = compose("ps", "-f", file.toString());
        assertTrue(ps.out().lines().anyMatch(l -> l.startsWith("web ") && l.contains("not created")), ps.out());
        assertEquals(0, compose("down", "-f", file.toString()).exit());
    }
}
