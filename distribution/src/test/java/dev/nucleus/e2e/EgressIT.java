package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Egress on a bridge: the rules hold for IPv4 and IPv6 against a "remote" host the test makes in a
 * network namespace of its own; the credential broker's proxy and token; production lets nothing
 * out without allow rules.
 */
@Tag("root")
class EgressIT extends NetworkFixture {
    @Test
    void aCredentialBrokerSetsTheProxyEnvironmentAndATokenThatIsRecordedNowhere() throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--name", "brk"));
        args.addAll(bridged("--credential-broker", "10.231.7.1:3128", "--", "/usr/bin/env"));
        Nucleus.Result r = nucleus(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        for (String k : List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")) {
            assertTrue(r.out().lines().anyMatch(l -> l.equals(k + "=http://10.231.7.1:3128")), k + " in " + r.out());
        }
        String token = r.out().lines().filter(l -> l.startsWith("NUCLEUS_CREDENTIAL_BROKER_TOKEN=")).findFirst()
                .orElseThrow(() -> new AssertionError("no token in " + r.out())).substring(32);
        assertTrue(token.matches("[0-9a-f]{32}"), token);
        assertTrue(r.out().contains("NUCLEUS_CONTAINER_ID="), r.out());
        assertEquals("", Nucleus.shell("grep -rl " + token + " '" + root + "' " + HOST_NETWORK + "; true").out().strip(),
                "the token is in no state file or event");
        assertFalse(r.err().contains(token), "nor in the runtime's output");

        List<String> quiet = new ArrayList<>(List.of("run", "--name", "brk2"));
        quiet.addAll(bridged("--credential-broker", "10.231.7.1:3128", "--no-broker-proxy-env", "--", "/usr/bin/env"));
        Nucleus.Result q = nucleus(quiet.toArray(String[]::new));
        assertEquals(0, q.exit(), q.toString());
        assertFalse(q.out().toLowerCase(java.util.Locale.ROOT).contains("_proxy="), q.out());
        assertTrue(q.out().contains("NUCLEUS_CREDENTIAL_BROKER_TOKEN="), q.out());
    }

    @Test
    void egressAllowsTheListedDestinationOnTheListedPortOnly() throws Exception {
        remoteHost();
        List<String> args = new ArrayList<>(List.of("run", "--name", "egress"));
        args.addAll(bridged("--egress-allow", "198.51.100.2/32", "--egress-tcp-port", "443", "--", "/bin/sh", "-c",
                fetch("198.51.100.2", 443, "denied443") + "; " + fetch("198.51.100.2", 80, "denied80")));
        Nucleus.Result r = nucleus(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("remote\ndenied80\n", r.out(), r.toString());
        String installed = Files.readString(events);
        assertTrue(installed.contains("iptables -w -A OUTPUT -p tcp -d 198.51.100.2/32 --dport 443 -j ACCEPT"), installed);
        assertTrue(installed.contains("iptables -w -A OUTPUT -p udp -d 10.231.7.1 --dport 53 -j ACCEPT"),
                "DNS to the configured resolver only: " + installed);
        assertTrue(installed.contains("ip6tables -w -P OUTPUT DROP"), "IPv6 is closed too: " + installed);
    }

    @Test
    void ipv6EgressIsPolicedLikeIpv4() throws Exception {
        // The remote host on the bridge's own IPv6 /64 (the ULA derived from 10.231.7.0: fd6e:7563:ae7:700::/64).
        String remote6 = "fd6e:7563:ae7:700::fffe";
        Nucleus.Result setup = Nucleus.shell("set -e; ip netns add " + REMOTE_NS + ";"
                + " ip link add nucit-r6h type veth peer name nucit-r6 netns " + REMOTE_NS + ";"
                + " ip -n " + REMOTE_NS + " addr add " + remote6 + "/64 dev nucit-r6 nodad;"
                + " ip -n " + REMOTE_NS + " link set nucit-r6 up; ip -n " + REMOTE_NS + " link set lo up;"
                + " mkdir -p /tmp/nucit-www-remote; echo remote6 > /tmp/nucit-www-remote/index.html;"
                + " for p in 80 443; do ip netns exec " + REMOTE_NS
                + " busybox httpd -p [::]:$p -h /tmp/nucit-www-remote; done");
        assertEquals(0, setup.exit(), setup.toString());
        // The bridge exists only while a container uses it: keep one running, then plug the remote host in.
        List<String> holder = new ArrayList<>(List.of("create", "-d", "--name", "holder"));
        holder.addAll(bridged("--", "/bin/sleep", "120"));
        assertEquals(0, nucleus(holder.toArray(String[]::new)).exit());
        assertEquals(0, Nucleus.shell("ip link set nucit-r6h master " + BRIDGE + " up").exit());

        List<String> allowed = new ArrayList<>(List.of("run", "--name", "six"));
        allowed.addAll(bridged("--egress-allow", remote6 + "/128", "--egress-tcp-port", "443", "--", "/bin/sh", "-c",
                fetch(remote6, 443, "denied443") + "; " + fetch(remote6, 80, "denied80")));
        Nucleus.Result r = nucleus(allowed.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("remote6\ndenied80\n", r.out(), r.toString());

        List<String> v4only = new ArrayList<>(List.of("run", "--name", "four"));
        v4only.addAll(bridged("--egress-allow", "198.51.100.2/32", "--", "/bin/sh", "-c",
                fetch(remote6, 443, "denied6")));
        Nucleus.Result closed = nucleus(v4only.toArray(String[]::new));
        assertEquals("denied6\n", closed.out(), "an IPv4 allowlist leaves IPv6 closed: " + closed);
        Nucleus.shell("ip link del nucit-r6h");
    }

    @Test
    void productionOnABridgeWithoutAllowRulesLetsNothingOutNotEvenDns() throws Exception {
        remoteHost();
        // production's remapped root (host uid 100000) mounts its root beneath the state directory
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Path rootfs = Files.createTempDirectory(root, "rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String applet : List.of("sh", "echo", "nc", "nslookup", "printf", "tail")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        List<String> args = new ArrayList<>(List.of("run", "--service-mode", "production", "--trust-level", "trusted",
                "--memory", "64M", "--cpus", "1", "--verify-rootfs-attestation", "--rootfs",
                NixStore.attestedRootfs(rootfs).toString()));
        args.addAll(bridged("--", "/bin/sh", "-c", fetch("198.51.100.2", 443, "denied")
                + "; nslookup example.test 10.231.7.1 >/dev/null 2>&1 || echo no-dns"));
        Nucleus.Result r = nucleus(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("denied\nno-dns\n", r.out(), r.toString());
    }
}
