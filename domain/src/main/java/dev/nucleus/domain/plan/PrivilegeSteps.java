package dev.nucleus.domain.plan;

import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.rules.ContainerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Limits, capabilities and identity, in the kernel's required order: the rlimits first, while the
 * container still holds CAP_SYS_RESOURCE (raising a hard limit above the caller's needs it), then
 * drop the bounding set, switch identity (the shim keeps the permitted set across it), set
 * effective/permitted/inheritable, raise ambient, and no_new_privs. Without a capability policy every set is emptied; with one,
 * the policy's sets are installed (permitted = effective ∪ inheritable ∪ ambient, ambient ⊆ inheritable).
 */
final class PrivilegeSteps {
    static final int RLIMIT_NPROC = 6;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIMIT_MEMLOCK = 8;
    static final long NOFILE = 1024;

    private PrivilegeSteps() {
    }

    static List<Step> of(ContainerSpec spec, PlanInputs.Workload who, Optional<CapabilityPolicy> policy) {
        List<Step> steps = new ArrayList<>();
        CapabilityPolicy caps = policy.orElse(new CapabilityPolicy(0, 0, 0, 0));
        steps.add(new Step.Rlimit(RLIMIT_NOFILE, NOFILE, NOFILE));
        long memlock = spec.request().resources().memlock().bytes();
        steps.add(new Step.Rlimit(RLIMIT_MEMLOCK, memlock, memlock));
        // RLIMIT_NPROC counts every process of the uid on the whole host; it is only a container
        // limit when the uid is the container's own (a user namespace). Otherwise pids.max does it.
        long pids = spec.request().resources().pids();
        if (pids > 0 && spec.userNamespace().enabled()) {
            steps.add(new Step.Rlimit(RLIMIT_NPROC, pids, pids));
        }
        steps.add(new Step.DropBounding(caps.bounding()));
        steps.add(new Step.SetIdentity(who.uid(), who.gid(), who.groups()));
        steps.add(new Step.Capset(caps.effective(), caps.permitted(), caps.inheritableWithAmbient()));
        steps.add(new Step.Ambient(caps.ambient()));
        steps.add(new Step.NoNewPrivs());
        return steps;
    }
}
