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
    }

    /**
     * This plan with the container process first joining these cgroup v1 hierarchies ({@link
     * Step.JoinCgroup}, one per {@code tasks} file), before any other step.
     */
    public IsolationPlan joiningFirst(List<String> tasksFiles) {
        if (tasksFiles.isEmpty()) {
            return this;
        }
        List<Step> joined = new java.util.ArrayList<>(tasksFiles.size() + steps.size());
        tasksFiles.forEach(f -> joined.add(new Step.JoinCgroup(f)));
        joined.addAll(steps);
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
