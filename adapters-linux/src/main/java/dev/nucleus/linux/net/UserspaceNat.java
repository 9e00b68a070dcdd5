package dev.nucleus.linux.net;

import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.NetworkDriver;

import java.nio.file.Path;
import java.util.Set;

/** --nat-backend userspace: slirp4netns (being built). */
public final class UserspaceNat implements NetworkDriver {
    private final Path stateBase;

    public UserspaceNat(Path stateBase) {
        this.stateBase = stateBase;
    }

    @Override
    public String kind() {
        return "userspace";
    }

    @Override
    public Attachment reserve(String containerId, ContainerSpec spec) throws LaunchFailedException {
        throw new LaunchFailedException("--nat-backend userspace is not built yet (" + stateBase + ")");
    }

    @Override
    public void release(String containerId) {
    }

    @Override
    public Set<String> sweep(Set<String> liveIds) {
        return Set.of();
    }
}
