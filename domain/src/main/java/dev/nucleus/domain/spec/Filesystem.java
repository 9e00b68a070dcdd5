package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;

/** Everything mounted into the container besides /proc, /dev and /sys. */
public record Filesystem(RootfsSource rootfs, Optional<Context> context, Optional<Workspace> workspace,
                         ContainerPath home, List<ProviderConfig> providerConfigs, List<VolumeMount> volumes,
                         List<TmpfsMount> tmpfs, List<Secret> secrets,
                         List<SystemdCredential> credentials, boolean procWritable) {
    public static final String DEFAULT_HOME = "/home/agent";
}
