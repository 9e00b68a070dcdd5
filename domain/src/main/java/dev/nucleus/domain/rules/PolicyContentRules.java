package dev.nucleus.domain.rules;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.plan.LandlockAccess;
import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.policy.LandlockPolicy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules on what policy files grant, checked when a policy is loaded (its content is not part of
 * the request): production may not keep dangerous capabilities or grant write and execute on one
 * Landlock path; strict modes may not run a Landlock policy whose net rules or scopes the kernel
 * cannot enforce (agent mode runs without them and warns).
 */
public final class PolicyContentRules {
    private PolicyContentRules() {
    }

    /** Violations for capabilities a policy keeps (names with or without CAP_, any case). */
    public static List<Violation> checkCapabilities(Enforcement enforcement, Collection<String> kept) {
        // (a loop, not a stream and a regex: both cost a cold launch their set-up)
        java.util.SortedSet<String> forbidden = new java.util.TreeSet<>();
        for (String c : kept) {
            String upper = AsciiText.upperCase(c);
            String name = upper.startsWith("CAP_") ? upper.substring(4) : upper;
            if (enforcement.forbiddenCapabilities().contains(name)) {
                forbidden.add(name);
            }
        }
        List<Violation> out = new java.util.ArrayList<>();
        for (String c : forbidden) {
            out.add(new Violation("dangerous-capability-forbidden", "production mode: the capability policy keeps CAP_" + c,
                    "remove " + c + " from the policy's keep lists"));
        }
        return out;
    }

    /** What a strict mode's seccomp profile may answer a syscall it does not list with: a refusal. */
    private static final java.util.Set<dev.nucleus.domain.seccomp.SeccompAction.Kind> DENYING = java.util.Set.of(
            dev.nucleus.domain.seccomp.SeccompAction.Kind.KILL_PROCESS, dev.nucleus.domain.seccomp.SeccompAction.Kind.KILL_THREAD,
            dev.nucleus.domain.seccomp.SeccompAction.Kind.TRAP, dev.nucleus.domain.seccomp.SeccompAction.Kind.ERRNO);

    /**
     * Strict modes run a user's seccomp profile only as an allowlist that keeps their guarantees: its
     * default action refuses (kill, trap or an errno; not allow, log, trace or notify), it lets
     * through none of the calls never allowed ({@link dev.nucleus.domain.seccomp.SeccompOptIn#critical()}:
     * namespaces, keyrings, mount, bpf, ptrace, modules), and {@code clone} only with argument
     * filters (Docker's mask keeps CLONE_NEW* out). Agent mode runs what it is given.
     */
    public static List<Violation> checkSeccompProfile(dev.nucleus.domain.mode.ServiceMode mode,
                                                      dev.nucleus.domain.seccomp.SeccompProfile profile) {
        if (mode == dev.nucleus.domain.mode.ServiceMode.AGENT) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        String where = mode.cliName() + " mode: ";
        if (!DENYING.contains(profile.defaultAction().kind())) {
            out.add(new Violation("seccomp-profile-default-denies", where + "the seccomp profile's defaultAction is "
                    + profile.defaultAction().kind() + ": every syscall it does not list would run",
                    "use SCMP_ACT_ERRNO or SCMP_ACT_KILL_PROCESS as defaultAction, and list what is allowed"));
        }
        java.util.Set<String> letThrough = new java.util.TreeSet<>();
        for (dev.nucleus.domain.seccomp.SyscallRule rule : profile.rules()) {
            if (!DENYING.contains(rule.action().kind())
                    && (dev.nucleus.domain.seccomp.SeccompOptIn.critical().contains(rule.name())
                    || rule.name().equals("clone") && rule.conditions().isEmpty())) {
                letThrough.add(rule.name());
            }
        }
        if (!letThrough.isEmpty()) {
            out.add(new Violation("seccomp-profile-critical-allowed", where + "the seccomp profile lets through "
                    + String.join(", ", letThrough) + " (namespaces, keyrings, mount, bpf, ptrace and modules are"
                    + " never allowed; clone only with argument filters)",
                    "remove those rules, or filter clone's flags as Docker's default profile does"));
        }
        return out;
    }

    /** Rights that put new content in a file: writing one, or making one. */
    private static final long WRITING = LandlockAccess.WRITE_FILE | LandlockAccess.MAKE_REG;

    /** A violation if one Landlock rule grants both write and execute where the mode forbids it. */
    public static List<Violation> checkLandlockRule(Enforcement enforcement, String path, Set<String> access) {
        return checkLandlockWriteExecute(enforcement, List.of(new LandlockPolicy.Rule(path, access)));
    }

    /**
     * Violations where the mode forbids a path both writable and executable. Landlock adds up the
     * rules of a path and of every directory above it, so two rules grant both beneath the deeper one
     * when one path holds the other ({@code execute} on {@code /}, {@code write} on {@code /data}),
     * exactly as one rule granting both does.
     */
    static List<Violation> checkLandlockWriteExecute(Enforcement enforcement, List<LandlockPolicy.Rule> rules) {
        if (!enforcement.forbidLandlockWriteExecute()) {
            return List.of();
        }
        List<Violation> out = new ArrayList<>();
        for (LandlockPolicy.Rule outer : rules) {
            for (LandlockPolicy.Rule inner : rules) {
                if (!holds(outer.path(), inner.path())) {
                    continue;
                }
                long outerRights = outer.rights(Integer.MAX_VALUE);
                long innerRights = inner.rights(Integer.MAX_VALUE);
                boolean writeOuterExecInner = (outerRights & WRITING) != 0 && (innerRights & LandlockAccess.EXECUTE) != 0;
                boolean execOuterWriteInner = (outerRights & LandlockAccess.EXECUTE) != 0 && (innerRights & WRITING) != 0;
                if (writeOuterExecInner || execOuterWriteInner) {
                    out.add(new Violation("landlock-write-execute-forbidden",
                            "production mode: the Landlock policy grants write and execute on " + inner.path()
                                    + (outer == inner ? "" : " (" + (execOuterWriteInner ? "execute" : "write")
                                    + " from its rule on " + outer.path() + ", which holds it)"),
                            "a path and the directories above it may be writable or executable, not both"));
                }
            }
        }
        return out;
    }

    /** Whether {@code outer} is {@code inner} or a directory above it. */
    private static boolean holds(String outer, String inner) {
        String o = outer.endsWith("/") ? outer : outer + "/";
        return outer.equals(inner) || inner.startsWith(o);
    }

    /**
     * Everything wrong with loaded policies for this mode and this kernel: dangerous capabilities and
     * write+execute rules where the mode forbids them, and a Landlock policy whose min_abi the kernel
     * does not reach (that one in every mode: the policy itself asks for it).
     */
    public static List<Violation> check(Enforcement enforcement, Optional<CapabilityPolicy> caps,
                                        Optional<LandlockPolicy> landlock, int kernelLandlockAbi) {
        List<Violation> out = new ArrayList<>();
        caps.ifPresent(c -> out.addAll(checkCapabilities(enforcement, c.keptNames())));
        landlock.ifPresent(l -> {
            out.addAll(checkLandlockWriteExecute(enforcement, l.rules()));
            l.refusalFor(kernelLandlockAbi).ifPresent(why -> out.add(new Violation("landlock-policy-min-abi",
                    why, "run on a kernel with a newer Landlock ABI, or lower min_abi in the policy")));
            if (enforcement.landlock().kind() != LandlockRequirement.Kind.BEST_AVAILABLE) {
                l.unenforcedOn(kernelLandlockAbi).forEach(why -> out.add(new Violation(
                        "landlock-policy-unenforceable", "the Landlock policy's " + why,
                        "run on a newer kernel, or remove it from the policy")));
            }
        });
        return out;
    }
}
