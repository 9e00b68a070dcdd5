package dev.nucleus.domain.host;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds test hosts: a fully capable one, and variations of it. */
final class Hosts {
    private Hosts() {
    }

    static HostCapabilities host(int landlockAbi, boolean seccomp, boolean userns, boolean root,
                                 List<String> v1, List<String> v2) {
        return new HostCapabilities(
                landlockAbi == 0 ? LandlockSupport.unavailable("EOPNOTSUPP: Landlock disabled at boot") : LandlockSupport.abi(landlockAbi),
                seccomp ? SeccompSupport.available(Set.of(SeccompAction.values()))
                        : SeccompSupport.unavailable("ENOSYS: kernel built without CONFIG_SECCOMP_FILTER"),
                userns ? Availability.yes() : Availability.no("EPERM"),
                Availability.yes(),
                new CgroupSupport(CgroupLayout.HYBRID, v1, v2),
                root, false, Optional.empty());
    }

    static HostCapabilities full() {
        return host(7, true, true, true, List.of("memory", "cpu", "pids"), List.of());
    }
}
