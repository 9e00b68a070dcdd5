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
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rootless networking: slirp4netns forwards a loopback port to a rootless container's server, and
 * answers UDP from outside; over loopback the kernel bridge does where slirp refuses.
 */
@Tag("root")
class SlirpIT extends NetworkFixture {
    @Test
    void aRootlessContainersServerIsReachableThroughAForwardedLoopbackPortOfSlirp4netns() throws Exception {
        Nucleus.Result created = nucleus("create", "-d", "--name", "slirp", "--rootless", "--network", "bridge",
                "--seccomp-allow", "alarm", "-p", "127.0.0.1:18083:80", "--", "/bin/sh", "-c", WWW);
        assertEquals(0, created.exit(), created.toString());
        String id = created.out().strip();
        assertTrue(Files.readString(events).contains("userspace NAT (slirp4netns) 10.0.42.0/24, address 10.0.42.100"),
                "auto picks userspace NAT for a user-namespaced container");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18083/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("hello-from-slirp\n", r.body(), "the hostname is the container name");
        Nucleus.Result resolv = nucleus("attach", "slirp", "--", "/bin/cat", "/etc/resolv.conf");
        assertEquals("nameserver 10.0.42.3\n", resolv.out(), "slirp4netns's own DNS when no --dns is given");
        assertTrue(Files.isDirectory(root.resolve("network/slirp/" + id)));

        Nucleus.shell("pkill -9 -f '.launch/" + id + ".json'");
        for (int i = 0; i < 50 && !JSON.readTree(nucleus("ps", "--json").out()).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(0, nucleus("rm", "slirp").exit());
        assertFalse(Files.exists(root.resolve("network/slirp/" + id)), "rm stopped slirp4netns and removed its state");
        assertEquals("", Nucleus.shell("pgrep -f '[s]lirp4netns.*" + root + "' || true").out().strip());
    }

    /** A UDP echo server on 7000, in Python (busybox's nc has no -u), for containers that see the host's /usr. */
    static final String UDP_ECHO = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("0.0.0.0", 7000))
            while True:
                data, peer = s.recvfrom(2048)
                s.sendto(b"echo:" + data, peer)
            """;

    /** Sends "ping" to HOST PORT until a reply comes (the server may still be starting), at most 20 times; prints it. */
    static final String UDP_SEND = """
            import socket, sys
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(1)
            for _ in range(20):
                s.sendto(b"ping", (sys.argv[1], int(sys.argv[2])))
                try:
                    print(s.recv(2048).decode())
                    break
                except socket.timeout:
                    pass
            else:
                print("no-reply")
            """;

    /** Scripts readable by a user-namespaced container, which the test's 0700 root is not. */
    Path udpScripts() throws IOException {
        Path dir = Files.createDirectory(root.resolve("udp"));
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Files.writeString(dir.resolve("echo.py"), UDP_ECHO);
        Files.writeString(dir.resolve("send.py"), UDP_SEND);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : List.of("echo.py", "send.py")) {
            Files.setPosixFilePermissions(dir.resolve(f), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        return dir;
    }

    /**
     * slirp4netns forwards UDP, and answers senders other than the host's loopback (a "remote" host
     * here, in a namespace of the test's own); the replies to a loopback sender it drops (its
     * --disable-host-loopback), so UDP on a loopback address is refused under it. As root the
     * kernel backend forwards it, a real datagram over 127.0.0.1 answered.
     */
    @Test
    void udpIsAnsweredThroughSlirp4netnsFromOutsideAndOverLoopbackThroughTheKernelBridgeWhereSlirpRefusesIt()
            throws Exception {
        Nucleus.Result refused = nucleus("run", "--rootless", "--network", "bridge", "-p", "127.0.0.1:18087:7000/udp",
                "--", "/bin/true");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("-p 127.0.0.1:18087:7000/udp: userspace NAT (--nat-backend userspace,"),
                refused.err());
        assertTrue(refused.err().contains("--disable-host-loopback"), refused.err());
        assertTrue(JSON.readTree(nucleus("ps", "--all", "--json").out()).isEmpty(), "nothing made");

        Path scripts = udpScripts();
        remoteHost();
        Nucleus.Result slirp = nucleus("create", "-d", "--name", "udp-slirp", "--rootless", "--network", "bridge",
                "-v", scripts + ":/probe:ro", "-p", "18087:7000/udp", "--", "/usr/bin/python3", "/probe/echo.py");
        assertEquals(0, slirp.exit(), slirp.toString());
        Nucleus.Result outside = Nucleus.shell("ip netns exec " + REMOTE_NS + " python3 " + scripts.resolve("send.py")
                + " 198.51.100.1 18087");
        assertEquals("echo:ping\n", outside.out(), "a datagram from outside, answered through slirp4netns: " + outside);

        Nucleus.Result kernel = nucleus("create", "-d", "--name", "udp-kernel", "--rootless", "--nat-backend", "kernel",
                "--network", "bridge", "--bridge", BRIDGE, "--bridge-subnet", SUBNET, "--dns", "10.231.7.1",
                "-v", scripts + ":/probe:ro", "-p", "127.0.0.1:18088:7000/udp", "--", "/usr/bin/python3",
                "/probe/echo.py");
        assertEquals(0, kernel.exit(), kernel.toString());
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.setSoTimeout(1000);
            byte[] ping = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.net.InetSocketAddress to = new java.net.InetSocketAddress("127.0.0.1", 18088);
            String reply = "no-reply";
            for (int i = 0; i < 20 && reply.equals("no-reply"); i++) { // the server may still be starting
                socket.send(new java.net.DatagramPacket(ping, ping.length, to));
                java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[64], 64);
                try {
                    socket.receive(in);
                    reply = new String(in.getData(), 0, in.getLength(), java.nio.charset.StandardCharsets.US_ASCII);
                } catch (java.net.SocketTimeoutException e) {
                    // sent again
                }
            }
            assertEquals("echo:ping", reply, "a datagram over the host's loopback, answered through the kernel bridge");
        }
    }
}
