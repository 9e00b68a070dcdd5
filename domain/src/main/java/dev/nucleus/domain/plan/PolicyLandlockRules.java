package dev.nucleus.domain.plan;

import dev.nucleus.domain.policy.LandlockPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

    /** The policy's [net] table as a TCP layer, when it has one and the kernel can enforce it. */
    static Optional<Step.LandlockNet> net(LandlockPolicy policy, int abi) {
        if (policy.net().isEmpty() || abi < LandlockPolicy.NET_ABI) {
            return Optional.empty();
        }
        Map<Integer, Long> byPort = new TreeMap<>();
        policy.net().get().bindTcp().forEach(port -> byPort.merge(port, LandlockPolicy.BIND_TCP, (a, b) -> a | b));
        policy.net().get().connectTcp().forEach(port ->
                byPort.merge(port, LandlockPolicy.CONNECT_TCP, (a, b) -> a | b));
        List<Step.LandlockNet.PortRule> rules = new ArrayList<>();
        byPort.forEach((port, access) -> rules.add(new Step.LandlockNet.PortRule(access, port)));
        return Optional.of(new Step.LandlockNet(LandlockPolicy.BIND_TCP | LandlockPolicy.CONNECT_TCP, rules));
    }
}
