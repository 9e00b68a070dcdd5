package dev.nucleus.linux.net;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.value.IpAddress;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.NetworkDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * --nat-backend userspace (and auto without root or with a user namespace): slirp4netns attached
 * to the container's network namespace, with the --bridge-subnet as its network (the container
 * is .100, the gateway .2, slirp's DNS .3), the host's loopback out of reach, port forwards
 * through its API socket, and the same egress policy as the kernel bridge. Each container's
 * slirp4netns has a directory {@code <state>/network/slirp/<id>} with its pid, start time and
 * API socket, so that `nucleus rm` and the start-up sweep can stop one whose runtime died.
 */
public final class UserspaceNat implements NetworkDriver {
    static final long GUEST = 100;
    static final long DNS = 3;
    private final Path dir;

    public UserspaceNat(Path stateBase) {
        this.dir = stateBase.resolve("network").resolve("slirp");
    }

    @Override
    public String kind() {
        return "userspace";
    }

    @Override
    public Attachment reserve(String containerId, ContainerSpec spec) throws LaunchFailedException {
        var bridge = spec.request().network().bridge();
        if (bridge.subnet().prefixLength() > 25) {
            throw new PolicyRejectedException("--bridge-subnet " + bridge.subnet() + ": slirp4netns needs a /25 or"
                    + " larger network (the container is its .100)");
        }
        for (var p : spec.request().network().publish()) {
            if (p.hostAddress().isPresent() && p.hostAddress().get().family() != IpAddress.Family.IPV4) {
                throw new PolicyRejectedException("-p " + p + ": slirp4netns forwards IPv4 host addresses only");
            }
        }
        HostTools.find("slirp4netns");
        HostPorts.refuseUnusable(spec.request().network().publish());
        List<IpAddress> domains = EgressDomains.resolve(spec.request().network().egress().domains());
        return new SlirpAttachment(dir.resolve(containerId), containerId, spec, domains);
    }

    @Override
    public void release(String containerId) throws LaunchFailedException {
        SlirpAttachment.stop(dir.resolve(containerId));
    }

    @Override
    public Set<String> sweep(java.util.function.Supplier<Set<String>> liveIds) throws LaunchFailedException {
        Set<String> orphans = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return orphans;
        }
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(dir)) {
            for (Path d : ids) {
                orphans.add(d.getFileName().toString());
            }
        } catch (IOException e) {
            throw new LaunchFailedException("slirp4netns state " + dir + ": " + e.getMessage(), e);
        }
        if (orphans.isEmpty()) {
            return orphans; // nothing anyone could have left: no container's state is read
        }
        orphans.removeAll(liveIds.get()); // asked after the listing: see NetworkDriver#sweep
        for (String id : orphans) {
            release(id);
        }
        return orphans;
    }

    /** The pid recorded for a slirp4netns, if it is still that process (start time checked). */
    static java.util.OptionalLong livePid(Path slirpDir) {
        try {
            String[] recorded = Files.readString(slirpDir.resolve("pid"), StandardCharsets.UTF_8).strip().split(" ");
            long pid = Long.parseLong(recorded[0]);
            long start = Long.parseLong(recorded[1]);
            // A process that is gone has no start time, whatever the file says.
            return ProcStart.of(pid).equals(java.util.OptionalLong.of(start)) ? java.util.OptionalLong.of(pid)
                    : java.util.OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
