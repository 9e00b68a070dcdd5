package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the network tests share: a --root of their own, a bridge and subnet no host uses, a
 * "remote" host in a namespace of its own, and the check that nothing (link, rule, ip_forward)
 * is left after each test. Traffic goes only to namespaces made here.
 */
abstract class NetworkFixture {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String BRIDGE = "nucit0";
    static final String SUBNET = "10.231.7.0/28";
    static final String REMOTE_NS = "nucit-remote";
    /** Root's network state, one per host whatever --root (leases of every root's containers). */
    static final Path HOST_NETWORK = Path.of("/run/nucleus/.host-network");
    Path root;
    Path events;
    String before;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("nucleus-net");
        events = root.resolve("events.jsonl");
        before = hostNetwork();
    }

    @AfterEach
    void nothingLeft() {
        for (JsonNode c : JSON.readTree(nucleus("ps", "--all", "--json").out())) {
            nucleus("rm", "--force", c.get("id").asString());
        }
        Nucleus.shell("ip netns del " + REMOTE_NS + " 2>/dev/null; ip link del nucit-rh 2>/dev/null;"
                + " ip link del nucit-r6h 2>/dev/null; pkill -f 'nucit-www' ; true");
        // A detached container's runtime may still be finishing its own teardown (rm --force waits
        // for the workload, not for it): wait up to 10 s for the host to be as before; a real leak
        // never gets there.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!before.equals(hostNetwork()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertEquals(before, hostNetwork(), "links, iptables rules and ip_forward are as before");
        Nucleus.shell("rm -rf '" + root + "'");
    }

    /** Links, iptables rules of the host, and ip_forward, as text to compare. */
    static String hostNetwork() {
        return Nucleus.shell("ip -o link show | awk -F': ' '{print $2}' | sort; iptables -S; iptables -t nat -S;"
                + " cat /proc/sys/net/ipv4/ip_forward").out();
    }

    Nucleus.Result nucleus(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString(), "--events-jsonl", events.toString()));
        all.addAll(List.of(args));
        return Nucleus.run(all.toArray(String[]::new));
    }

    List<String> bridged(String... rest) {
        // alarm(2) is opt-in; busybox's httpd and nc -w use it
        List<String> args = new ArrayList<>(List.of("--network", "bridge", "--bridge", BRIDGE, "--bridge-subnet",
                SUBNET, "--dns", "10.231.7.1", "--seccomp-allow", "alarm"));
        args.addAll(List.of(rest));
        return args;
    }

    /** The address the network_configured event gave container {@code name}. */
    String addressOf(String name, int index) throws IOException {
        for (String line : Files.readAllLines(events)) {
            JsonNode e = JSON.readTree(line);
            if (e.get("type").asString().equals("network_configured")
                    && e.get("container").get("name").asString().equals(name)) {
                return e.get("addresses").get(index).asString();
            }
        }
        throw new AssertionError("no network_configured event for " + name);
    }

    /** A shell command that fetches http://HOST:PORT/ with busybox nc (its wget crashes) and prints the body, or FAILED. */
    static String fetch(String host, int port, String failed) {
        return "r=$(printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 3 " + host + " " + port + ")"
                + " && echo \"$r\" | tail -1 || echo " + failed;
    }

    static final String WWW = "mkdir -p /tmp/nucit-www && echo hello-from-$(hostname) > /tmp/nucit-www/index.html"
            + " && exec busybox httpd -f -p 80 -h /tmp/nucit-www";

    /** A "remote" host: its own namespace, routed through the host (198.51.100.0/24, TEST-NET-2; this machine itself sits on TEST-NET-1), serving on 80 and 443. */
    void remoteHost() {
        Nucleus.Result r = Nucleus.shell("set -e; ip netns add " + REMOTE_NS + ";"
                + " ip link add nucit-rh type veth peer name nucit-r netns " + REMOTE_NS + ";"
                + " ip addr add 198.51.100.1/24 dev nucit-rh; ip link set nucit-rh up;"
                + " ip -n " + REMOTE_NS + " addr add 198.51.100.2/24 dev nucit-r; ip -n " + REMOTE_NS + " link set nucit-r up;"
                + " ip -n " + REMOTE_NS + " link set lo up;"
                + " mkdir -p /tmp/nucit-www-remote; echo remote > /tmp/nucit-www-remote/index.html;"
                + " for p in 80 443; do ip netns exec " + REMOTE_NS
                + " busybox httpd -p $p -h /tmp/nucit-www-remote; done");
        assertEquals(0, r.exit(), r.toString());
    }
}
