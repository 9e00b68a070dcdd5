package dev.nucleus.domain.host;

import java.util.Objects;
import java.util.Optional;

/**
 * What this host offers the native runtime, as probed at one moment. Pure data: probing is an
 * adapter's job ({@code HostProbe}), judging it is {@link ModeReadiness}'s.
 *
 * @param root        the invoking process has effective uid 0
 * @param systemdPid1 PID 1 is systemd (enables the systemd unit integration)
 * @param runsc       path of the gVisor {@code runsc} binary, if one was found
 */
public record HostCapabilities(
        LandlockSupport landlock,
        SeccompSupport seccomp,
        Availability userNamespaces,
        Availability timeNamespaces,
        CgroupSupport cgroups,
        boolean root,
        boolean systemdPid1,
        Optional<String> runsc) {

    public HostCapabilities {
        Objects.requireNonNull(landlock, "landlock");
        Objects.requireNonNull(seccomp, "seccomp");
        Objects.requireNonNull(userNamespaces, "userNamespaces");
        Objects.requireNonNull(timeNamespaces, "timeNamespaces");
        Objects.requireNonNull(cgroups, "cgroups");
        Objects.requireNonNull(runsc, "runsc");
    }
}
