package dev.nucleus.linux.backend;

import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.domain.plan.AttachPlan;
import dev.nucleus.domain.plan.Clone;
import dev.nucleus.linux.jni.NativeProcess;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.state.ProcStart;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.ProgramNotRunnable;
import dev.nucleus.ports.out.CgroupDriver;
import dev.nucleus.ports.out.ContainerCgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@code nucleus attach}: runs a command inside a running container — in every one of its
 * namespaces and its cgroup, as the workload's user with the workload's capabilities, rlimits,
 * Landlock rules, seccomp filter and working directory ({@link AttachPlan}). The container's
 * process is pinned by a pidfd whose start time is checked, so a recycled pid is never entered.
 * The command runs in a session of its own and never holds the caller's terminal: a standard
 * descriptor that is one reaches it as a pipe ({@link StdioRelay}).
 */
public final class ContainerAttach {
    /** Namespace links in /proc/PID/ns and the clone flag of each. */
    private static final Map<String, Long> NAMESPACES = Map.of("mnt", Clone.NEWNS, "uts", Clone.NEWUTS,
            "ipc", Clone.NEWIPC, "user", Clone.NEWUSER, "pid", Clone.NEWPID, "net", Clone.NEWNET,
            "cgroup", Clone.NEWCGROUP, "time", Clone.NEWTIME);

    private final FileStateStore store;
    private final CgroupDriver cgroups;

    public ContainerAttach(FileStateStore store, CgroupDriver cgroups) {
        this.store = store;
        this.cgroups = cgroups;
    }

    /** Runs {@code command} in the container; returns its exit status (127/126: not found/not executable). */
    public int run(ContainerState container, List<String> command) throws ContainerCommandException,
            LaunchFailedException {
        return run(container, command, false, Optional.empty());
    }

    /**
     * A health or readiness probe: {@code command} as above with /dev/null for stdio, SIGKILLed
     * when it runs longer than {@code timeout}. Any failure to run it counts as a failed check.
     */
    public int probe(ContainerState container, List<String> command, Duration timeout) {
        try {
            return run(container, command, true, Optional.of(timeout));
        } catch (ProgramNotRunnable e) {
            return e.exitStatus();
        } catch (ContainerCommandException | LaunchFailedException | RuntimeException e) {
            return 125;
        }
    }

    private int run(ContainerState container, List<String> command, boolean quiet, Optional<Duration> timeout)
            throws ContainerCommandException, LaunchFailedException {
        // instanceof, not a pattern switch: a switch site is a class spun at run time (SwitchBootstraps)
        // that the AOT cache does not hold, and attach is a cold start.
        ContainerState.Running running;
        if (container instanceof ContainerState.Running r) {
            running = r;
        } else if (container instanceof ContainerState.Stopping s) {
            running = s.running();
        } else {
            throw new ContainerCommandException("container " + container.facts().shortId() + " is "
                    + container.label() + ": only a running container can be attached to");
        }
        String id = running.facts().id();
        byte[] template = template(id);
        long pid = running.pid().pid();
        int pidfd = NativeProcess.pidfdOpen(pid);
        if (pidfd < 0) {
            throw new ContainerCommandException("container " + running.facts().shortId() + " is not running any more");
        }
        try {
            if (ProcStart.of(pid).orElse(-1) != running.pid().startTime()) {
                throw new ContainerCommandException("container " + running.facts().shortId()
                        + " is not running any more (its pid belongs to another process now)");
            }
            String program = ProgramLocator.locate(command.getFirst(), Path.of("/proc/" + pid + "/root"))
                    .orElse(command.getFirst());
            ContainerCgroup cgroup = cgroupOf(running);
            byte[] plan = AttachPlan.retarget(template, namespacesOf(pid), cgroup.selfJoinFiles(), program, command);
            return attach(running, cgroup, plan, pidfd, command.getFirst(), quiet, timeout);
        } finally {
            NativeShim.close(pidfd);
        }
    }

    /**
     * The container's cgroup, as recorded (never closed here: that would remove it): the attached
     * process joins its v1 hierarchies itself, the rest after the clone.
     */
    private ContainerCgroup cgroupOf(ContainerState.Running running) throws LaunchFailedException {
        try {
            return cgroups.reopen(running.facts().id(), running.cgroup().directories());
        } catch (CgroupException e) {
            throw new LaunchFailedException("cannot put the attached process in the container's cgroup: "
                    + e.getMessage(), e);
        }
    }

    private int attach(ContainerState.Running running, ContainerCgroup cgroup, byte[] plan, int pidfd, String program,
                       boolean quiet, Optional<Duration> timeout) throws LaunchFailedException {
        IntFunction<String> record = i -> "attach record " + i;
        Map<String, String> dirs = running.cgroup().directories();
        // Closed last, after EXIT: what the command wrote is copied out before attach returns.
        try (StdioRelay relay = quiet ? StdioRelay.none() : StdioRelay.forTerminals();
             ShimSession shim = ShimSession.spawnInto(plan, dirs.get("cgroup2"), pidfd, quiet, relay.stdio());
             // only the CLI attaches loudly (health probes are quiet): SIGQUIT may be taken for the process
             SignalForwarding signals = quiet ? null : SignalForwarding.to(shim, null, true)) {
            relay.start();
            long child = shim.awaitPid(record);
            if (!dirs.isEmpty()) {
                try {
                    cgroup.joinRemaining(child); // cgroup2 unless cloned into it; v1: the plan's joins
                } catch (CgroupException e) {
                    Optional<LaunchFailedException> first = shim.failedBeforeGo(child, record);
                    if (first.isPresent()) {
                        throw first.get(); // exiting after a step of its own failed: that is the error
                    }
                    throw new LaunchFailedException("cannot put the attached process in the container's cgroup: "
                            + e.getMessage(), e);
                }
            }
            shim.go();
            Thread deadline = timeout.map(t -> Thread.ofVirtual().start(() -> killAfter(shim, t))).orElse(null);
            try {
                return awaitProgram(shim, record, program);
            } finally {
                if (deadline != null) {
                    deadline.interrupt();
                }
            }
        }
    }

    private static void killAfter(ShimSession shim, Duration timeout) {
        try {
            Thread.sleep(timeout);
            shim.forwardSignal(9);
        } catch (InterruptedException done) {
            // it ended in time
        }
    }

    private static int awaitProgram(ShimSession shim, IntFunction<String> record, String program)
            throws LaunchFailedException {
        StringBuilder why = new StringBuilder();
        int early = shim.awaitExec(record, why, null, () -> { });
        if (early >= 0) {
            shim.awaitExit(record);
            throw new ProgramNotRunnable(early, program + ": " + why);
        }
        return NativeShim.exitCode(shim.awaitExit(record));
    }

    private byte[] template(String id) throws ContainerCommandException, LaunchFailedException {
        try {
            Optional<byte[]> template = AttachTemplate.read(store.directory(id));
            return template.orElseThrow(() -> new ContainerCommandException("container " + id.substring(0, 12)
                    + " cannot be attached to: it runs in --seccomp-mode trace, whose filter answers only the"
                    + " runtime that launched it"));
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read the attach template: " + e.getMessage(), e);
        }
    }

    /** The namespaces of {@code pid} that are not this process's own: the ones to join. */
    static long namespacesOf(long pid) throws LaunchFailedException {
        long flags = 0;
        for (var ns : NAMESPACES.entrySet()) {
            try {
                Path theirs = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns.getKey()));
                Path ours = Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns.getKey()));
                if (!theirs.equals(ours)) {
                    flags |= ns.getValue();
                }
            } catch (IOException e) {
                throw new LaunchFailedException("cannot read the " + ns.getKey() + " namespace of pid " + pid + ": "
                        + e.getMessage(), e);
            }
        }
        return flags;
    }
}
