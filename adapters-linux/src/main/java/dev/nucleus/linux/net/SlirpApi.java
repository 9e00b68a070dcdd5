package dev.nucleus.linux.net;

import dev.nucleus.domain.value.PortMapping;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** slirp4netns's API socket: one JSON request per connection ({@code add_hostfwd} for -p). */
final class SlirpApi {
    private SlirpApi() {
    }

    static void addForward(Path socket, PortMapping p) throws LaunchFailedException {
        String request = "{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"" + p.protocol() + "\","
                + p.hostAddress().map(a -> "\"host_addr\":\"" + a + "\",").orElse("")
                + "\"host_port\":" + p.hostPort() + ",\"guest_port\":" + p.containerPort() + "}}";
        String reply = call(socket, request);
        if (!reply.contains("\"return\"")) {
            // slirp4netns binds the host side itself: a refusal is about the -p value (port taken, address not the host's)
            throw new PolicyRejectedException("-p " + p + ": slirp4netns cannot publish it: " + reply.strip());
        }
    }

    static String call(Path socket, String request) throws LaunchFailedException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput();
            ByteBuffer in = ByteBuffer.allocate(4096);
            java.io.ByteArrayOutputStream reply = new java.io.ByteArrayOutputStream();
            while (ch.read(in) > 0) {
                reply.write(in.array(), 0, in.position());
                in.clear();
            }
            return reply.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LaunchFailedException("slirp4netns API " + socket + ": " + e.getMessage(), e);
        }
    }
}
