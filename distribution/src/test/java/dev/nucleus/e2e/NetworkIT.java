package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * --network bridge on the kernel: containers reach each other, the host reaches published
 * servers (also through 127.0.0.1), bad input is refused, and nothing — link, rule, lease — is
 * left afterwards, also after a runtime was killed.
 */
@Tag("root")
class NetworkIT extends NetworkFixture {
    @Test
    void containersReachEachOtherAndTheHostReachesAPublishedServer() throws Exception {
        List<String> server = new ArrayList<>(List.of("create", "-d", "--name", "srv", "--hostname", "srv"));
        server.addAll(bridged("-p", "127.0.0.1:18080:80", "--", "/bin/sh", "-c", WWW));
        Nucleus.Result created = nucleus(server.toArray(String[]::new));
        assertEquals(0, created.exit(), created.toString());
        String srv = addressOf("srv", 0);
        assertTrue(srv.startsWith("10.231.7."), srv);

        List<String> client = new ArrayList<>(List.of("run", "--name", "cli"));
        client.addAll(bridged("--", "/bin/sh", "-c", fetch(srv, 80, "FAILED") + "; grep cli /etc/hosts;"
                + " grep -c 'eth0.*F0FFFFFF' /proc/net/route; cat /proc/sys/net/ipv4/ip_unprivileged_port_start"));
        Nucleus.Result fetched = nucleus(client.toArray(String[]::new));
        assertEquals(0, fetched.exit(), fetched.toString());
        List<String> lines = fetched.out().lines().toList();
        assertEquals("hello-from-srv", lines.get(0), "container to container over the bridge");
        assertTrue(lines.get(1).matches("10\\.231\\.7\\.\\d+\\tcli"), "/etc/hosts names the container: " + lines);
        assertTrue(lines.get(2).matches("fd6e:7563:ae7:700::\\p{XDigit}+\\tcli"), "and its IPv6 address: " + lines);
        assertEquals("1", lines.get(3), "the route to the bridge's subnet has its /28 mask: " + lines);
        assertEquals("0", lines.get(4), "ports below 1024 need no capability, as with Docker: " + lines);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String url : List.of("http://127.0.0.1:18080/", "http://" + srv + "/")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("hello-from-srv\n", r.body(), url);
        }
        String rules = Nucleus.shell("iptables -t nat -S").out();
        assertEquals(1, rules.lines().filter(l -> l.contains("MASQUERADE") && l.contains(SUBNET)).count(),
                "one shared MASQUERADE rule for the subnet: " + rules);
        assertEquals("1", Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip());
    }

    @Test
    void twentyConcurrentStartsGetTwentyDifferentAddressesOnASmallSubnet() throws Exception {
        // Every container writes its address to a shared volume and waits there until all twelve
        // have: so the twelve hold their leases at once (a container that ended would free its
        // address for a later one, which is right, but not what this test is about).
        Path sync = Files.createTempDirectory("nucleus-net-sync");
        Files.setPosixFilePermissions(sync, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12); // the common pool has one thread on 2 cores
        List<CompletableFuture<Nucleus.Result>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                List<String> args = new ArrayList<>(List.of("run", "--name", "c" + i, "-v", sync + ":/sync"));
                args.addAll(bridged("--", "/bin/sh", "-c", "grep -m1 -o '^10\\.231\\.7\\.[0-9]*' /etc/hosts > /sync/c" + i
                        + ".tmp && mv /sync/c" + i + ".tmp /sync/c" + i + "; n=0; while [ ! -e /sync/go ] && [ $n -lt 600 ];"
                        + " do sleep 0.1; n=$((n+1)); done"));
                runs.add(CompletableFuture.supplyAsync(() -> nucleus(args.toArray(String[]::new)), pool));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (addressFiles(sync) < 12 && System.nanoTime() < deadline
                    && runs.stream().noneMatch(CompletableFuture::isDone)) {
                Thread.sleep(100);
            }
            Files.writeString(sync.resolve("go"), "");
            Set<String> addresses = new HashSet<>();
            for (var r : runs) {
                Nucleus.Result result = r.get();
                assertEquals(0, result.exit(), result.toString());
            }
            for (int i = 0; i < 12; i++) {
                addresses.add(Files.readString(sync.resolve("c" + i)).strip());
            }
            assertEquals(12, addresses.size(), "a /28 has 13 container addresses; twelve at once all differ: "
                    + addresses);
        } finally {
            pool.shutdown();
            Nucleus.shell("rm -rf '" + sync + "'");
        }
    }

    private static long addressFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("c\\d+")).count();
        }
    }

    @Test
    void withAForwardPolicyOfDropTrafficStillPassesBothWaysIncludingPublishedPortsFromOutside() throws Exception {
        remoteHost();
        assertEquals(0, Nucleus.shell("iptables -P FORWARD DROP").exit());
        try {
            List<String> server = new ArrayList<>(List.of("create", "-d", "--name", "pub", "--hostname", "pub"));
            server.addAll(bridged("-p", "18084:80", "--", "/bin/sh", "-c", WWW));
            assertEquals(0, nucleus(server.toArray(String[]::new)).exit());
            // From "outside": the remote host connects to the host's address on its link.
            Path script = Files.writeString(root.resolve("outside.sh"), fetch("198.51.100.1", 18084, "FAILED") + "\n");
            Nucleus.Result outside = Nucleus.shell("ip netns exec " + REMOTE_NS + " sh " + script);
            assertEquals("hello-from-pub\n", outside.out(), "DNAT from outside through FORWARD: " + outside);
            List<String> out = new ArrayList<>(List.of("run", "--name", "out"));
            out.addAll(bridged("--", "/bin/sh", "-c", fetch("198.51.100.2", 80, "FAILED")));
            assertEquals("remote\n", nucleus(out.toArray(String[]::new)).out(), "container to outside through FORWARD");
        } finally {
            Nucleus.shell("iptables -P FORWARD ACCEPT");
        }
    }

    @Test
    void aBridgedStartSweepsWhatCrashedRuntimesLeftAndNothingItDoesNotKnow() throws Exception {
        String ghost = "0123456789abcdef0123456789abcdef";
        String stranger = "fedcba9876543210fedcba9876543210";
        Path leases = Files.createDirectories(HOST_NETWORK.resolve("leases/" + BRIDGE));
        Files.writeString(leases.resolve("10.231.7.9"), ghost + "\n" + root + "\n"); // its owner: this root
        assertEquals(0, Nucleus.shell("iptables -w -t nat -A PREROUTING -p tcp --dport 18099 -j DNAT --to-destination"
                + " 10.231.7.9:80 -m comment --comment nucleus:" + ghost).exit());
        String strangerRule = "-p tcp --dport 18098 -j DNAT --to-destination 10.231.7.10:80 -m comment --comment nucleus:"
                + stranger;
        assertEquals(0, Nucleus.shell("iptables -w -t nat -A PREROUTING " + strangerRule).exit());
        try {
            List<String> args = new ArrayList<>(List.of("run", "--name", "sweeper"));
            args.addAll(bridged("--", "/bin/true"));
            assertEquals(0, nucleus(args.toArray(String[]::new)).exit());
            assertFalse(Files.exists(leases.resolve("10.231.7.9")), "the dead container's lease is gone");
            String nat = Nucleus.shell("iptables -t nat -S").out();
            assertFalse(nat.contains(ghost), "and its rules");
            assertTrue(nat.contains(stranger), "a rule no lease names is not known to be a dead container's");
        } finally {
            Nucleus.shell("iptables -w -t nat -D PREROUTING " + strangerRule);
        }
    }

    @Test
    void aStartUnderAnotherRootLeavesThisRootsLiveNetworkAlone() throws Exception {
        Path other = Files.createTempDirectory("nucleus-net-other");
        try {
            List<String> args = new ArrayList<>(List.of("create", "-d", "--name", "a"));
            args.addAll(bridged("-p", "18961:80", "--", "/bin/sleep", "120"));
            Nucleus.Result created = nucleus(args.toArray(String[]::new));
            assertEquals(0, created.exit(), created.toString());
            String id = created.out().strip();
            String mine = addressOf("a", 0);

            // Another root, another bridge: its sweep must not take this root's container for dead.
            Nucleus.Result elsewhere = Nucleus.run("--root", other.toString(), "run", "--network", "bridge", "--bridge",
                    "nucit1", "--bridge-subnet", "10.231.8.0/28", "--dns", "10.231.8.1", "--", "/bin/true");
            assertEquals(0, elsewhere.exit(), elsewhere.toString());
            assertTrue(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + id), "a's forwards stay");
            assertTrue(Files.isDirectory(Path.of("/sys/class/net/nv" + id.substring(0, 12))), "a's veth stays");

            // Another root, the same bridge: another address, and the bridge stays with a on it.
            Path otherEvents = other.resolve("events.jsonl");
            Nucleus.Result same = Nucleus.run("--root", other.toString(), "--events-jsonl", otherEvents.toString(),
                    "run", "--name", "b", "--network", "bridge", "--bridge", BRIDGE, "--bridge-subnet", SUBNET, "--dns",
                    "10.231.7.1", "--", "/bin/true");
            assertEquals(0, same.exit(), same.toString());
            String theirs = Files.readAllLines(otherEvents).stream().map(JSON::readTree)
                    .filter(e -> e.get("type").asString().equals("network_configured")).findFirst().orElseThrow()
                    .get("addresses").get(0).asString();
            assertFalse(theirs.equals(mine), "one address per container across roots: " + mine);
            assertTrue(Files.isDirectory(Path.of("/sys/class/net/" + BRIDGE)), "the bridge a is on stays");
            assertTrue(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:bridge:" + BRIDGE),
                    "and its MASQUERADE");
            assertEquals("1", Nucleus.shell("cat /proc/sys/net/ipv4/ip_forward").out().strip(),
                    "forwarding stays on while a runs");
        } finally {
            Nucleus.shell("rm -rf '" + other + "'");
        }
    }

    /**
     * A bridge an administrator made, given with --bridge and its subnet, is used and left as it
     * was: its last container's teardown removes the veth and Nucleus's own rules, never the
     * bridge or its address (it removed every emptied bridge, whoever had made it).
     */
    @Test
    void anAdministratorsBridgeOutlivesItsLastContainer() {
        Nucleus.shell("ip link add nucit-adm type bridge && ip addr add 10.231.9.1/28 dev nucit-adm"
                + " && ip link set nucit-adm up");
        try {
            String made = hostNetwork();
            Nucleus.Result r = nucleus("run", "--network", "bridge", "--bridge", "nucit-adm", "--bridge-subnet",
                    "10.231.9.0/28", "--dns", "10.231.9.1", "--", "/bin/sh", "-c", "ip -o -4 addr show dev eth0 | wc -l");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(made, hostNetwork(), "the bridge, its links and rules are as the administrator left them");
            assertTrue(Nucleus.shell("ip -o -4 addr show dev nucit-adm").out().contains("10.231.9.1/28"),
                    "its address stays");
        } finally {
            Nucleus.shell("ip link del nucit-adm");
        }
    }

    /**
     * A detached container's network is its supervisor's to remove, after the workload died: stop
     * (and rm --force) return once it has, so a script that stops a container and starts another
     * on the same port, or looks at ip link, finds nothing of the first.
     */
    @Test
    void stopReturnsOnceTheSupervisorHasRemovedTheNetworkSoTheSamePortCanBePublishedAtOnce() throws Exception {
        String[] first = created("first", "18086:80");
        Path lease = HOST_NETWORK.resolve("leases/" + BRIDGE + "/" + addressOf("first", 0));
        assertTrue(Files.exists(lease), "first holds its lease while it runs");

        Nucleus.Result stopped = nucleus("stop", "-t", "1", "first");
        assertEquals(0, stopped.exit(), stopped.toString());
        assertTrue(ipLinks().noneMatch(l -> l.equals("nv" + first[1])), "the veth is gone: " + ipLinks().toList());
        assertFalse(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + first[0]), "its DNAT rules too");
        assertFalse(Files.exists(lease), "and its lease");

        String[] second = created("second", "18086:80");
        assertTrue(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + second[0]), "second publishes 18086");
        Nucleus.Result removed = nucleus("rm", "--force", "second");
        assertEquals(0, removed.exit(), removed.toString());
        assertTrue(ipLinks().noneMatch(l -> l.equals("nv" + second[1])), "rm --force likewise");
        assertFalse(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + second[0]));
    }

    /**
     * A foreground run tears its container down itself once the workload died: stop from another
     * shell returns once it has (as for a detached one's supervisor), so the name and the port
     * are free at once, and nothing of the first is left.
     */
    @Test
    void stopOfAForegroundRunReturnsOnceItHasTornDownSoItsNameAndPortAreFreeAtOnce() throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--name", "fg"));
        args.addAll(bridged("-p", "18093:80", "--", "/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"));
        CompletableFuture<Nucleus.Result> run = CompletableFuture.supplyAsync(() -> nucleus(args.toArray(String[]::new)));
        String running = null;
        for (int i = 0; i < 200 && running == null; i++) {
            for (JsonNode c : JSON.readTree(nucleus("ps", "--json").out())) {
                if (c.get("name").asString().equals("fg") && c.get("status").asString().equals("running")) {
                    running = c.get("id").asString();
                }
            }
            Thread.sleep(50);
        }
        assertTrue(running != null, "fg never showed as running: " + run.getNow(null));
        String id = running;
        Path lease = HOST_NETWORK.resolve("leases/" + BRIDGE + "/" + addressOf("fg", 0));

        Nucleus.Result stopped = nucleus("stop", "fg");
        assertEquals(0, stopped.exit(), stopped.toString());
        // at once, not eventually: the foreground run has finished its teardown when stop returns
        assertEquals("[]", nucleus("ps", "--all", "--json").out().replaceAll("\\s", ""), "its state is gone");
        assertFalse(Files.exists(root.resolve(id)), "its directory too");
        assertTrue(ipLinks().noneMatch(l -> l.equals("nv" + id.substring(0, 12))), "its veth: " + ipLinks().toList());
        assertFalse(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + id), "its DNAT rules");
        assertFalse(Files.exists(lease), "and its lease");

        String[] again = created("fg", "18093:80"); // the same name and port
        assertTrue(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + again[0]));
        assertEquals(0, run.get().exit(), run.get().toString());
        assertEquals(0, nucleus("rm", "--force", "fg").exit());
    }

    /** A detached bridged sleeper publishing {@code port}: its id and its id's first 12 digits. */
    private String[] created(String name, String port) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(bridged("-p", port, "--", "/bin/sleep", "120"));
        Nucleus.Result r = nucleus(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        String id = r.out().strip();
        return new String[] {id, id.substring(0, 12)};
    }

    private static java.util.stream.Stream<String> ipLinks() {
        return Nucleus.shell("ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//'").out().lines();
    }

    @Test
    void aPublishedPortTheHostCannotGiveIsRefusedWithExit2AndNothingMade() throws Exception {
        List<String> srv = new ArrayList<>(List.of("create", "-d", "--name", "srv"));
        srv.addAll(bridged("-p", "18091:80", "--", "/bin/sleep", "120"));
        Nucleus.Result created = nucleus(srv.toArray(String[]::new));
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        String rulesBefore = Nucleus.shell("iptables -t nat -S; iptables -S").out();
        try (java.net.ServerSocket host = new java.net.ServerSocket()) {
            host.bind(new java.net.InetSocketAddress("0.0.0.0", 18090));
            String[][] cases = {
                    {"18090:8080", "", "-p 18090:8080/tcp: host port 18090/tcp is in use by a host process"},
                    {"127.0.0.1:18091:81", "", "-p 127.0.0.1:18091:81/tcp: host port 18091/tcp is already published by"
                            + " container " + id},
                    {"18092:80", "18092:81", "-p 18092:81/tcp: host port 18092/tcp is published twice in this request"},
                    {"10.9.9.9:18503:80", "", "-p 10.9.9.9:18503:80/tcp: 10.9.9.9 is not an address of this host"},
            };
            for (String[] c : cases) {
                List<String> args = new ArrayList<>(List.of("run"));
                args.addAll(c[1].isEmpty() ? bridged("-p", c[0], "--", "/bin/true")
                        : bridged("-p", c[0], "-p", c[1], "--", "/bin/true"));
                Nucleus.Result r = nucleus(args.toArray(String[]::new));
                assertEquals(2, r.exit(), String.join(" ", args) + ": " + r);
                assertTrue(r.err().contains(c[2]), r.err());
            }
        }
        assertEquals(1, JSON.readTree(nucleus("ps", "--all", "--json").out()).size(), "no refused container's state");
        assertEquals(rulesBefore, Nucleus.shell("iptables -t nat -S; iptables -S").out(), "no rule");
        assertEquals(1, HOST_NETWORK.resolve("leases/" + BRIDGE).toFile().list().length, "srv's lease alone");
    }

    @Test
    void aRootfsKeepsItsReadOnlyEtcWithTheGeneratedHostsAndResolvConfBoundOver() throws Exception {
        Path rootfs = Files.createTempDirectory(root, "rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/cat"), Path.of("busybox"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 own\n");
        Files.writeString(rootfs.resolve("etc/resolv.conf"), "nameserver 9.9.9.9\n");
        Nucleus.Result r = nucleus("run", "--rootfs", rootfs.toString(), "--dns", "10.1.2.3", "--add-host",
                "db:10.9.9.9", "--", "/bin/cat", "/etc/hosts", "/etc/resolv.conf");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("10.9.9.9\tdb\n") && r.out().endsWith("nameserver 10.1.2.3\n"), r.out());
        assertEquals("127.0.0.1 own\n", Files.readString(rootfs.resolve("etc/hosts")), "the rootfs is not written");
        assertEquals("nameserver 9.9.9.9\n", nucleus("run", "--rootfs", rootfs.toString(), "--", "/bin/cat",
                "/etc/resolv.conf").out(), "without --dns the rootfs's own stays");
    }

    /**
     * The container process does its mounts while the runtime attaches the network: a mount that
     * fails there takes the namespace away under the network setup. The mount is what is
     * reported (no "running with loopback only" warning, no network failure), and nothing is
     * left (checked after each test).
     */
    @Test
    void aMountFailingWhileTheNetworkIsAttachedIsTheErrorReported() throws IOException {
        Path file = Files.writeString(root.resolve("a-file"), "x");
        // An overlay root whose /data is a directory: a file volume there fails at its step, before
        // GO (a bind-mode rootfs's clash is refused before the clone, exit 2).
        Path rootfs = Files.createDirectories(root.resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("hosts"), "");
        Files.writeString(rootfs.resolve("resolv.conf"), "");
        Files.createDirectories(root.resolve("rootfs/data"));
        for (int i = 0; i < 5; i++) {
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(bridged("--rootfs", root.resolve("rootfs").toString(), "--rootfs-mode", "overlay", "--volume",
                    file + ":/data", "--", "/bin/true"));
            Nucleus.Result r = nucleus(args.toArray(String[]::new));
            assertEquals(125, r.exit(), r.toString());
            assertTrue(r.err().matches("(?s)nucleus run: step \\d+ create \\S+/\\.root/data: File exists \\(EEXIST\\)\n"),
                    "the failed step alone: " + r.err());
        }
        assertTrue(JSON.readTree(nucleus("ps", "--all", "--json").out()).isEmpty());
    }

    @Test
    void badNetworkInputIsRefusedWithExit2AndNothingCreated() {
        String[][] bad = {
                {"run", "--network", "bridge", "-p", "99999:80", "--", "/bin/true"},
                {"run", "--network", "bridge", "--egress-allow", "10.0.0.0/33", "--", "/bin/true"},
                {"run", "--network", "bridge", "--bridge", BRIDGE, "--egress-domain", "no-such-host.invalid", "--",
                        "/bin/true"},
                {"run", "--strict-agent", "--network", "bridge", "--", "/bin/true"},
                {"run", "--network", "bridge", "--bridge-subnet", "10.0.0.0/31", "--", "/bin/true"},
        };
        for (String[] args : bad) {
            Nucleus.Result r = nucleus(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r);
        }
        assertTrue(JSON.readTree(nucleus("ps", "--all", "--json").out()).isEmpty());
        assertFalse(Files.exists(HOST_NETWORK.resolve("leases/" + BRIDGE)) && HOST_NETWORK.resolve("leases/" + BRIDGE)
                .toFile().list().length > 0, "no lease");
    }

    @Test
    void aKilledRuntimesNetworkIsRemovedByRm() throws Exception {
        List<String> args = new ArrayList<>(List.of("create", "-d", "--name", "crash"));
        args.addAll(bridged("-p", "18081:80", "--", "/bin/sleep", "120"));
        Nucleus.Result created = nucleus(args.toArray(String[]::new));
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        assertTrue(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + id));
        Nucleus.shell("pkill -9 -f '.launch/" + id + ".json'");
        for (int i = 0; i < 50 && !JSON.readTree(nucleus("ps", "--json").out()).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertTrue(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + id),
                "a killed runtime leaves its forwards behind");
        assertEquals(0, nucleus("rm", "crash").exit());
        assertFalse(Nucleus.shell("iptables -t nat -S").out().contains("nucleus:" + id), "rm removed them");
    }
}
