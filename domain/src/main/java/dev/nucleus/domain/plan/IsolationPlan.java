package dev.nucleus.domain.plan;

import java.util.List;

/**
 * Everything the shim needs to build the container: the namespaces to clone and the ordered steps,
 * the last of which is always {@link Step.Exec}.
 */
public record IsolationPlan(long cloneFlags, List<Step> steps) {
    public IsolationPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.getLast() instanceof Step.Exec)) {
            throw new IllegalArgumentException("a plan ends with an Exec step");
        }
        if ((cloneFlags & ~Clone.ALLOWED) != 0) {
            throw new IllegalArgumentException("only CLONE_NEW* flags belong in a plan");
        }
        int awaits = 0;
        int maps = 0;
        for (Step step : steps) { // a loop: every launch makes several plans, cold
            if (step instanceof Step.AwaitGo && ++awaits > 1) {
                throw new IllegalArgumentException("a plan awaits GO once");
            }
            if (step instanceof Step.AwaitMaps && (++maps > 1 || awaits > 0)) {
                throw new IllegalArgumentException("a plan awaits its id maps once, before GO");
            }
        }
        if (maps > 0 && awaits == 0) {
            throw new IllegalArgumentException("a plan that awaits its id maps awaits GO after them");
        }
    }

    /** Whether the container process waits for its id maps before GO ({@link Step.AwaitMaps}). */
    public boolean awaitsMaps() {
        for (Step step : steps) {
            if (step instanceof Step.AwaitMaps) {
                return true;
            }
        }
        return false;
    }

    /**
     * This plan with GO awaited before any other step: the cgroup joins, then the cgroup
     * namespace, then the rest in order (a wait for the id maps, which GO then follows, is
     * dropped). For createRuntime and createContainer hooks, which see the container before its
     * mounts and pivot_root.
     */
    public IsolationPlan awaitingGoFirst() {
        List<Step> out = new java.util.ArrayList<>(steps.size() + 1);
        out.add(new Step.AwaitGo());
        List<Step> unshares = new java.util.ArrayList<>();
        List<Step> rest = new java.util.ArrayList<>(steps.size());
        for (Step s : steps) {
            if (s instanceof Step.JoinCgroup) {
                out.add(s);
            } else if (s instanceof Step.Unshare) {
                unshares.add(s);
            } else if (!(s instanceof Step.AwaitGo) && !(s instanceof Step.AwaitMaps)) {
                rest.add(s);
            }
        }
        out.addAll(unshares);
        out.addAll(rest);
        return new IsolationPlan(cloneFlags, out);
    }

    /**
     * This plan with the container process first joining these cgroup v1 hierarchies ({@link
     * Step.JoinCgroup}, one per {@code tasks} file), before any other step (after a GO or the id
     * maps awaited first).
     */
    public IsolationPlan joiningFirst(List<String> tasksFiles) {
        if (tasksFiles.isEmpty()) {
            return this;
        }
        int at = !steps.isEmpty() && (steps.getFirst() instanceof Step.AwaitGo
                || steps.getFirst() instanceof Step.AwaitMaps) ? 1 : 0;
        List<Step> joined = new java.util.ArrayList<>(tasksFiles.size() + steps.size());
        joined.addAll(steps.subList(0, at));
        tasksFiles.forEach(f -> joined.add(new Step.JoinCgroup(f)));
        joined.addAll(steps.subList(at, steps.size()));
        return new IsolationPlan(cloneFlags, joined);
    }

    /** The step a failure record points at: index 0 is the CLONE_FLAGS record itself. */
    public String describeRecord(int index) {
        if (index == 0) {
            return "clone namespaces";
        }
        return index - 1 < steps.size() ? steps.get(index - 1).describe() : "unknown step";
    }
}
