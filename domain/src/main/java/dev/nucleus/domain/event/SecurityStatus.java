package dev.nucleus.domain.event;

import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.LandlockAccess;
import dev.nucleus.domain.plan.Step;
import dev.nucleus.domain.policy.CapabilityNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The security a container actually got. It is read off the plan the shim executed: every step
 * either succeeded before {@code execve} or the launch failed, so a started container has exactly
 * these layers, at the ABI and with the rights shown.
 *
 * @param seccomp      the filter, if one was installed
 * @param landlock     the Landlock layers, if any (none: the kernel has no Landlock and the mode allowed it)
 * @param capabilities the effective set and the bounding set, by name (without CAP_)
 * @param userNamespace whether the container has its own user namespace
 * @param auditSession the container's audit session ({@code ses=}), when the kernel gave it one
 */
public record SecurityStatus(Optional<Seccomp> seccomp, Optional<Landlock> landlock, Capabilities capabilities,
                             boolean userNamespace, Optional<Long> auditSession) {

    /**
     * @param mode         enforce, or trace (every call reported and let through)
     * @param source       what the filter was made from: default, a profile file, or trace
     * @param instructions the BPF program's length
     * @param logDenied    SECCOMP_FILTER_FLAG_LOG was set
     */
    public record Seccomp(String mode, String source, int instructions, boolean logDenied) {
    }

    /**
     * @param abi       the ABI the rules were made for (the kernel's, at most 7 here)
     * @param handledFs the filesystem rights the ruleset handles: denied unless a rule grants them
     * @param fsRules   how many path rules grant rights
     * @param bindTcp   ports TCP bind is allowed to, when bind is handled
     * @param connectTcp ports TCP connect is allowed to, when connect is handled
     * @param scopes    abstract_unix_socket, signal
     */
    public record Landlock(int abi, List<String> handledFs, int fsRules, Optional<List<Integer>> bindTcp,
                           Optional<List<Integer>> connectTcp, List<String> scopes) {
    }

    public record Capabilities(List<String> effective, List<String> bounding) {
    }

    /** Reads the status off the executed plan; {@code seccompSource} says what the filter was made from. */
    public static SecurityStatus of(IsolationPlan plan, String seccompSource, boolean userNamespace,
                                    Optional<Long> auditSession) {
        Optional<Seccomp> seccomp = Optional.empty();
        Optional<Step.Landlock> fs = Optional.empty();
        Optional<Step.LandlockNet> net = Optional.empty();
        List<String> scopes = List.of();
        long effective = 0;
        long bounding = -1;
        // instanceof, not a pattern switch: this runs on every start, and each switch site costs a
        // runtime-spun class the AOT cache does not hold
        for (Step step : plan.steps()) {
            if (step instanceof Step.Seccomp s) {
                seccomp = Optional.of(new Seccomp(s.trace() ? "trace" : "enforce", s.trace() ? "trace" : seccompSource,
                        s.program().length / 8, (s.flags() & 2) != 0));
            } else if (step instanceof Step.Landlock l) {
                fs = Optional.of(l);
            } else if (step instanceof Step.LandlockNet n) {
                net = Optional.of(n);
            } else if (step instanceof Step.LandlockScope sc) {
                scopes = scopeNames(sc.scoped());
            } else if (step instanceof Step.Capset c) {
                effective = c.effective();
            } else if (step instanceof Step.DropBounding d) {
                bounding = d.keep();
            }
        }
        Optional<Landlock> landlock = Optional.empty();
        if (fs.isPresent() || net.isPresent() || !scopes.isEmpty()) {
            landlock = Optional.of(new Landlock(fs.map(Step.Landlock::abi).orElse(0),
                    LandlockAccess.names(fs.map(Step.Landlock::handledFs).orElse(0L)),
                    fs.map(l -> l.rules().size()).orElse(0), net.flatMap(n -> ports(n, 1)),
                    net.flatMap(n -> ports(n, 2)), scopes));
        }
        return new SecurityStatus(seccomp, landlock, new Capabilities(CapabilityNames.names(effective),
                CapabilityNames.names(bounding)), userNamespace, auditSession);
    }

    private static Optional<List<Integer>> ports(Step.LandlockNet net, long access) {
        if ((net.handledNet() & access) == 0) {
            return Optional.empty();
        }
        return Optional.of(net.rules().stream().filter(r -> (r.access() & access) != 0)
                .map(Step.LandlockNet.PortRule::port).toList());
    }

    private static List<String> scopeNames(long bits) {
        List<String> out = new ArrayList<>();
        if ((bits & Step.LandlockScope.ABSTRACT_UNIX_SOCKET) != 0) {
            out.add("abstract_unix_socket");
        }
        if ((bits & Step.LandlockScope.SIGNAL) != 0) {
            out.add("signal");
        }
        return out;
    }
}
