package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A complete, typed launch request as the caller wrote it, with option defaults filled in but
 * before the service mode's rules are applied. Immutable; equal requests compare equal however
 * they were written (flags, TOML or JSON).
 */
public record LaunchRequest(dev.nucleus.domain.mode.ServiceMode serviceMode, Optional<String> name,
                            Optional<String> hostname, Workload workload, Filesystem filesystem, Identity identity,
                            UserNamespaceRequest userNamespace, Resources resources, RuntimeSelection runtime,
                            Network network, Security security, Health health, Lifecycle lifecycle, Gpu gpu) {
}
