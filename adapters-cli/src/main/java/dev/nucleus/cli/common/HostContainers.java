package dev.nucleus.cli.common;

import dev.nucleus.gvisor.GvisorCleanup;
import dev.nucleus.gvisor.SandboxKill;
import dev.nucleus.linux.backend.HostContainerNames;
import dev.nucleus.linux.backend.NetworkDrivers;
import dev.nucleus.linux.backend.SecretStaging;
import dev.nucleus.linux.cgroup.LinuxCgroupDriver;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.state.PidfdProcessControl;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.in.ManageContainers;
import dev.nucleus.ports.service.ContainerManagement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The management use cases over the containers of one state directory, wired to this host: what
 * a dead runtime left (network, name claim, a gVisor sandbox and its bundle, staged secrets) is
 * released with its container. For the management commands, compose, and a failed detached start.
 */
public final class HostContainers {
    private HostContainers() {
    }

    public static ManageContainers of(Path base) {
        return new ContainerManagement(new FileStateStore(base), new PidfdProcessControl(), new LinuxCgroupDriver(),
                facts -> {
                    if ("bridge".equals(facts.annotations().get("dev.nucleus.network"))) {
                        NetworkDrivers.release(base, facts.id());
                    }
                    try {
                        HostContainerNames.releaseOrphanedClaim(base, facts.name());
                    } catch (IOException e) {
                        // a claim whose owner is gone is taken over by the next launch of that name
                    }
                    if ("gvisor".equals(facts.runtime())) {
                        GvisorCleanup.release(base, facts.id(), facts.annotations(), GvisorRootViews.HOST);
                    } else {
                        releaseSecrets(facts.id());
                    }
                },
                (facts, signal) -> "gvisor".equals(facts.runtime())
                        ? Optional.of(SandboxKill.send(base, facts.id(), signal))
                        : Optional.empty());
    }

    private static void releaseSecrets(String id) throws LaunchFailedException {
        try {
            SecretStaging.release(id);
        } catch (IOException e) {
            throw new LaunchFailedException("cannot remove the staged secrets: " + e.getMessage(), e);
        }
    }
}
