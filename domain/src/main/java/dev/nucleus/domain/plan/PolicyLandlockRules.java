package dev.nucleus.domain.plan;

import dev.nucleus.domain.policy.LandlockPolicy;

import java.util.ArrayList;
import java.util.List;

/**
 * A Landlock policy file's rules in place of the defaults: the ruleset handles every filesystem right
 * of the kernel's ABI, so whatever no rule grants is denied; each rule grants its rights masked to that
 * ABI (a rule left with nothing is dropped: it would grant nothing). A rule's path that does not exist
 * in the container is skipped, which can only deny more. The caller has refused a kernel below
 * {@code min_abi} already.
 */
final class PolicyLandlockRules {
    private PolicyLandlockRules() {
    }

    static Step.Landlock of(LandlockPolicy policy, int abi) {
        long handled = LandlockAccess.handledBy(abi);
        List<LandlockRule> rules = new ArrayList<>();
        for (LandlockPolicy.Rule r : policy.rules()) {
            long granted = r.rights(abi) & handled;
            if (granted != 0) {
                rules.add(new LandlockRule(r.path(), granted, true));
            }
        }
        return new Step.Landlock(abi, handled, rules);
    }
}
