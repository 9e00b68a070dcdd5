package dev.nucleus.domain.plan;

import dev.nucleus.domain.rules.ContainerSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Capabilities and identity, in the kernel's required order: drop the bounding set, switch
 * identity (keeping nothing), clear every set, then limits and no_new_privs.
 */
final class PrivilegeSteps {
    static final int RLIMIT_NPROC = 6;
    static final int RLIMIT_NOFILE = 7;
    static final int RLIMIT_MEMLOCK = 8;
    static final long NOFILE = 1024;

    private PrivilegeSteps() {
    }

    static List<Step> of(ContainerSpec spec, PlanInputs.Workload who) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step.DropBounding(0));
        steps.add(new Step.SetIdentity(who.uid(), who.gid(), who.groups()));
        steps.add(new Step.Capset(0, 0, 0));
        steps.add(new Step.Ambient(0));
        steps.add(new Step.Rlimit(RLIMIT_NOFILE, NOFILE, NOFILE));
        long memlock = spec.request().resources().memlock().bytes();
        steps.add(new Step.Rlimit(RLIMIT_MEMLOCK, memlock, memlock));
        // RLIMIT_NPROC counts every process of the uid on the whole host; it is only a container
        // limit when the uid is the container's own (a user namespace). Otherwise pids.max does it.
        long pids = spec.request().resources().pids();
        if (pids > 0 && spec.userNamespace().enabled()) {
            steps.add(new Step.Rlimit(RLIMIT_NPROC, pids, pids));
        }
        steps.add(new Step.NoNewPrivs());
        return steps;
    }
}
