package dev.nucleus.domain.rules;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.LaunchRequest;

/**
 * A launch request that passed every rule of its mode, with the mode's defaults resolved: the one
 * model both backends consume. Only {@link LaunchValidator} creates it.
 */
public record ContainerSpec(ServiceMode mode, LaunchRequest request, UserNamespacePlan userNamespace,
                            NetworkPlan network, Enforcement enforcement) {
}
