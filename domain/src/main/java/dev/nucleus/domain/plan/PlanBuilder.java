package dev.nucleus.domain.plan;

import dev.nucleus.domain.policy.LandlockPolicy;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Pid1;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.domain.spec.SeccompMode;
import dev.nucleus.domain.spec.Security;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a validated spec and the adapter's findings into the ordered isolation plan. The order is
 * the one DESIGN.md fixes: private propagation, mounts, /proc and /dev and masks, pivot_root,
 * hostname, capabilities and identity, no_new_privs, Landlock, fd closing, seccomp last, exec.
 * The container process waits for GO after the hostname ({@link Step.AwaitGo}); in a user
 * namespace it first waits for its id maps ({@link Step.AwaitMaps}), before everything else.
 */
public final class PlanBuilder {
    static final String UNPRIVILEGED_PORT_START = "/proc/sys/net/ipv4/ip_unprivileged_port_start";

    private PlanBuilder() {
    }

    public static IsolationPlan build(ContainerSpec spec, PlanInputs in) {
        long flags = cloneFlags(spec);
        List<Step> steps = new ArrayList<>();
        boolean userNamespace = spec.userNamespace().enabled();
        if (userNamespace) {
            // The process starts as its unmapped host uid; files it creates need an id the namespace maps.
            steps.add(new Step.SetIdentity(0, 0, List.of()));
        }
        if (spec.request().network().mode() == NetworkMode.BRIDGE) {
            // As Docker does: a networked container's ports below 1024 need no capability. Written
            // through the host's /proc before the mounts: net sysctls are the writer's namespace's.
            steps.add(new Step.WriteFile(UNPRIVILEGED_PORT_START, 0644, new byte[]{'0'}));
        }
        steps.addAll(FilesystemSteps.of(spec, in, (flags & Clone.NEWNET) != 0));
        steps.add(new Step.PivotRoot(in.rootDir(), spec.request().security().allowChrootFallback()));
        steps.add(new Step.SetHostname(in.hostname()));
        // Everything above touches only the container's own namespaces: it runs while the runtime
        // joins the cgroups, attaches the network and records the state. Then GO.
        steps.add(new Step.AwaitGo());
        if (spec.request().security().cgroupNamespace()) {
            // After GO: the process is in its cgroups, whose own becomes the namespace's root.
            steps.add(new Step.Unshare(Clone.NEWCGROUP));
        }
        in.terminalSize().ifPresent(t -> steps.add(new Step.PtyOpen(t.rows(), t.cols())));
        if ((flags & Clone.NEWNET) != 0) {
            steps.add(new Step.LoopbackUp());
        }
        steps.add(new Step.Chdir(spec.request().workload().workdir().path()));
        steps.addAll(PrivilegeSteps.of(spec, in.workload(), in.capsPolicy()));
        if (in.landlockAbi() > 0) {
            steps.add(in.landlockPolicy().isPresent() ? PolicyLandlockRules.of(in.landlockPolicy().get(),
                    in.landlockAbi()) : DefaultLandlockRules.of(spec, in.landlockAbi(), rootfsTrees(spec, in),
                    in.overlay().isPresent() ? LandlockAccess.READ_WRITE | LandlockAccess.EXECUTE
                            : LandlockAccess.READ | LandlockAccess.EXECUTE));
        }
        in.landlockPolicy().flatMap(p -> PolicyLandlockRules.net(p, in.landlockAbi())).ifPresent(steps::add);
        // Beyond the reference: the host's abstract sockets (with --network host) and processes
        // outside the sandbox cannot be reached, even by a workload seccomp would let try. A
        // policy file may narrow the scopes.
        long scopes = in.landlockPolicy().map(LandlockPolicy::scopeBits)
                .orElse(Step.LandlockScope.ABSTRACT_UNIX_SOCKET | Step.LandlockScope.SIGNAL);
        if (in.landlockAbi() >= Step.LandlockScope.MINIMUM_ABI && scopes != 0) {
            steps.add(new Step.LandlockScope(scopes));
        }
        steps.add(new Step.CloseFds());
        boolean trace = spec.request().security().seccomp().mode() == SeccompMode.TRACE;
        in.seccompProgram().ifPresent(p -> steps.add(new Step.Seccomp(seccompFlags(spec.request().security()), p,
                trace)));
        if (spec.enforcement().pid1() == Pid1.MINI_INIT) {
            steps.add(new Step.MiniInit());
        }
        if (spec.request().lifecycle().terminal()) {
            steps.add(new Step.ControllingTerminal());
        }
        steps.add(new Step.Exec(in.execPath(), spec.request().workload().command(), in.environment()));
        if (userNamespace) {
            // Nothing may run before the runtime has written the id maps; then the mounts run while
            // it records the state, as without a user namespace.
            steps.addFirst(new Step.AwaitMaps());
        }
        return new IsolationPlan(flags, steps);
    }

    /**
     * Whether the container's network namespace may be made before its plan is built (by the
     * shim, as it starts): when the plan's clone makes one, and no user namespace, which would
     * have to own it. The shim refuses a plan that does not clone one after it made one.
     */
    public static boolean networkNamespaceAhead(ContainerSpec spec) {
        long flags = cloneFlags(spec);
        return (flags & Clone.NEWNET) != 0 && (flags & Clone.NEWUSER) == 0;
    }

    static long cloneFlags(ContainerSpec spec) {
        long flags = Clone.NEWNS | Clone.NEWPID | Clone.NEWUTS | Clone.NEWIPC;
        if (spec.request().network().mode() != NetworkMode.HOST) {
            flags |= Clone.NEWNET;
        }
        if (spec.request().security().timeNamespace()) {
            flags |= Clone.NEWTIME;
        }
        if (spec.userNamespace().enabled()) {
            flags |= Clone.NEWUSER;
        }
        return flags;
    }

    /** A prebuilt rootfs's own top-level directories (not its symlinks), as the container sees them. */
    private static List<String> rootfsTrees(ContainerSpec spec, PlanInputs in) {
        if (spec.request().filesystem().rootfs().kind() == RootfsSource.Kind.HOST_BINDS) {
            return List.of(); // the host's system directories: the default rules name them
        }
        List<String> trees = new java.util.ArrayList<>();
        for (PlanInputs.TopLevelEntry e : in.systemEntries()) {
            if (e.symlinkTarget().isEmpty()) {
                trees.add("/" + e.name());
            }
        }
        return List.copyOf(trees);
    }

    /** SECCOMP_FILTER_FLAG_LOG with --seccomp-log-denied. */
    private static int seccompFlags(Security security) {
        return security.seccomp().logDenied() ? 2 : 0;
    }
}
