package dev.nucleus.domain.hooks;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.Step;

import java.util.ArrayList;
import java.util.List;

/**
 * Where startContainer hooks run: the plan gets a pause right before the fds are closed and the
 * filters installed, i.e. after pivot_root and every mount (and the production mount audit), so a
 * hook sees the container's finished file system and the workload has not run an instruction.
 */
public final class HookPause {
    private HookPause() {
    }

    public static IsolationPlan insert(IsolationPlan plan) {
        List<Step> steps = new ArrayList<>(plan.steps());
        int at = 0;
        while (at < steps.size() && !(steps.get(at) instanceof Step.CloseFds)) {
            at++;
        }
        steps.add(at, new Step.HookPause());
        return new IsolationPlan(plan.cloneFlags(), steps);
    }
}
