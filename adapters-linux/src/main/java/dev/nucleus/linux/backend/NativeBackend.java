package dev.nucleus.linux.backend;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.domain.hooks.Hooks;
import dev.nucleus.domain.integrity.MountAudit;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.plan.IsolationPlan;
import dev.nucleus.domain.plan.PlanBuilder;
import dev.nucleus.domain.plan.PlanEncoder;
import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.SecurityLayers;
import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompOptIn;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.TraceProfiles;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.spec.Readiness;
import dev.nucleus.domain.spec.RootfsMode;
import dev.nucleus.domain.spec.SeccompMode;
import dev.nucleus.linux.image.RuntimeMadePaths;
import dev.nucleus.linux.jni.NativeShim;
import dev.nucleus.linux.seccomp.OciSeccompProfiles;
import dev.nucleus.linux.seccomp.ProgramStore;
import dev.nucleus.linux.seccomp.SeccompCompiler;
import dev.nucleus.linux.seccomp.SyscallTraceLog;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.linux.sys.RandomIds;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.ProgramNotRunnable;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.AuditLog;
import dev.nucleus.ports.out.CgroupDriver;
import dev.nucleus.ports.out.ContainerBackend;
import dev.nucleus.ports.out.ContainerNames;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.out.NetworkDriver;
import dev.nucleus.ports.out.Telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.TreeMap;
import java.util.Set;

/**
 * The native backend: plans the container in Java, then lets {@code nucleus-shim} build it with
 * the kernel's own primitives and run it in the foreground.
 */
public final class NativeBackend implements ContainerBackend {
    private final long callerUid;
    private final String credentialsDirectory;
    private final LaunchInputs inputs;
    private final CgroupDriver cgroups;
    private final Path runtimeBase;
    private final FileStateStore store;
    private final AuditLog audit;
    private final SeccompCompiler seccomp = SeccompCompiler.shared();
    private final ProgramStore programs;
    private Supervised supervised;
    private Map<String, String> foregroundAnnotations = Map.of();
    private boolean forwardSignals;
    private boolean relayQuit;
    private Telemetry.Span traceRoot = Telemetry.Span.NONE;
    private LaunchWorker firstWorker;

    /**
     * A launch run by a supervisor ({@code create -d}): the id the caller printed, annotations
     * saying how it is supervised, and whether this start is a restart of the same container
     * (whose stopped state it then replaces). {@code hookOutput} takes what hooks print: where the
     * launch's messages go (the waiting command until the container runs, then its log), since a
     * failed start's log is removed with it. {@code outputLogged} returns once what the workload
     * wrote is in the container's log: run when it ended, before its end is recorded (which ends
     * {@code logs -f}).
     */
    public record Supervised(String id, Map<String, String> annotations, int restarts,
                             java.util.concurrent.atomic.AtomicBoolean stopAsked,
                             java.io.OutputStream hookOutput, Runnable outputLogged) {
    }

    /**
     * @param stateBase where containers' directories and states live ({@link StateDirectory})
     */
    public NativeBackend(long callerUid, Path stateBase, String credentialsDirectory, CgroupDriver cgroups) {
        this(callerUid, stateBase, credentialsDirectory, cgroups, AuditLog.NONE);
    }

    public NativeBackend(long callerUid, Path stateBase, String credentialsDirectory, CgroupDriver cgroups,
                         AuditLog audit) {
        this.audit = audit;
        this.callerUid = callerUid;
        this.cgroups = cgroups;
        this.credentialsDirectory = credentialsDirectory;
        this.inputs = new LaunchInputs(callerUid, stateBase, credentialsDirectory);
        this.runtimeBase = stateBase;
        this.programs = new ProgramStore(stateBase.resolve(".cache").resolve("seccomp"), (int) callerUid);
        this.store = new FileStateStore(stateBase);
    }

    /** Lifecycle spans of launches go under {@code root} (OTLP export, when configured). */
    public NativeBackend traced(Telemetry.Span root) {
        this.traceRoot = root;
        return this;
    }

    /**
     * This process is the CLI's own (a foreground run or a supervisor): while a container runs,
     * TERM, INT, HUP, USR1, USR2 and WINCH sent to it go to the workload. Never in an application
     * embedding Nucleus: its signals stay its own (its shutdown on TERM above all), and handlers
     * swapped per launch could not be put back right when launches overlap.
     */
    public NativeBackend forwardingSignals() {
        this.forwardSignals = true;
        return this;
    }

    /**
     * SIGQUIT sent to this process goes to the workload too, not to the JVM's thread dump: for the
     * CLI's foreground runs only (with {@link #forwardingSignals}).
     */
    public NativeBackend relayingQuit() {
        this.relayQuit = true;
        return this;
    }

    /**
     * A user's foreground run: {@code annotations} name this process, which tears the container
     * down once its workload ends, so that {@code nucleus stop} from elsewhere returns only after
     * that (as it waits for a detached container's supervisor). Not for a supervised launch.
     */
    public NativeBackend foreground(Map<String, String> annotations) {
        this.foregroundAnnotations = Map.copyOf(annotations);
        return this;
    }

    /**
     * The next launch's work ahead runs on {@code worker} (a thread already started, its earlier
     * tasks run first), which that launch closes; later launches start workers of their own.
     */
    public NativeBackend launchingOn(LaunchWorker worker) {
        this.firstWorker = worker;
        return this;
    }

    private LaunchWorker nextWorker() {
        LaunchWorker worker = firstWorker;
        firstWorker = null;
        return worker != null ? worker : new LaunchWorker();
    }

    /** This launch is a supervised one ({@link Supervised}). */
    public NativeBackend supervised(Supervised how) {
        this.supervised = how;
        return this;
    }

    @Override
    public List<String> unsupported(ContainerSpec spec) {
        return Unsupported.of(spec);
    }

    @Override
    public int runForeground(ContainerSpec spec, SecurityLayers layers, LaunchSecrets secrets, EventSink events)
            throws LaunchFailedException {
        LaunchTrace trace = new LaunchTrace(traceRoot);
        // A --terminal workload gets its pty; else each of our stdio that is a terminal is relayed.
        try (LaunchWorker worker = nextWorker();
             ShimAhead shim = ShimAhead.unstarted(worker, spec.request().lifecycle().terminal() ? StdioRelay.none()
                : StdioRelay.forTerminals(), PlanBuilder.networkNamespaceAhead(spec))) {
            return runForeground(spec, layers, secrets, events, trace, worker, shim);
        } catch (LaunchFailedException | RuntimeException e) {
            trace.failed(e.getMessage());
            throw e;
        } finally {
            trace.finish();
        }
    }

    private int runForeground(ContainerSpec spec, SecurityLayers layers, LaunchSecrets secrets, EventSink events,
                              LaunchTrace trace, LaunchWorker worker, ShimAhead shim) throws LaunchFailedException {
        trace.step("policies");
        // Host paths, attestation, lockdown, policy files: a bad one is exit 2, before anything is made.
        Policies policies = Preflight.nativeLaunch(spec, credentialsDirectory, layers.landlockAbi());
        UsernsReach.stateDirectory(spec, runtimeBase);
        OverlayLayers.check(spec, runtimeBase);
        List<String> gpuDevices = Preflight.gpuDevices(spec);
        List<PlanInputs.StoreObject> closure = Preflight.rootfsClosure(spec);
        WorkdirCheck.check(spec, !closure.isEmpty()); // a --workdir the root lacks: named here, not at chdir
        Hooks hooks = LaunchHooks.load(spec);
        Path view = LaunchInputs.rootView(spec);
        PlanInputs.Workload who = new IdentityResolver(view.resolve("etc")).resolve(spec.request().identity(),
                spec.userNamespace());
        Optional<String> notifySocket = ReadinessWatch.notifySocket(spec, System.getenv("NOTIFY_SOCKET"));
        // Agent mode runs without what the kernel cannot enforce (strict modes refused it above).
        policies.landlock().ifPresent(l -> l.unenforcedOn(layers.landlockAbi())
                .forEach(why -> events.warning("--landlock-policy: " + why + "; running without it")));
        // Made on the launch's worker while the state, the runtime directory and the cgroups are.
        Optional<SeccompAhead> program = layers.seccomp()
                ? Optional.of(SeccompAhead.start(seccompProfile(spec, who, events), seccomp, programs, worker))
                : Optional.empty();
        trace.step("prepare");
        String id = supervised != null ? supervised.id() : newId();
        trace.attribute("container.id", id);
        String name = spec.request().name().orElse(id.substring(0, 12));
        // Without --hostname, the name (made into a host name when it is not one: my_box is my-box).
        String hostname = spec.request().hostname()
                .orElseGet(() -> dev.nucleus.domain.value.Names.defaultHostname(name, id.substring(0, 12)));
        boolean restart = supervised != null && supervised.restarts() > 0;
        // Closed in reverse: the cgroup and the runtime directory go first, the state, then the name, last.
        // A stopped container kept with --keep still owns its name.
        try (ContainerNames.Claim claim = spec.request().name().isPresent()
                ? new HostContainerNames(runtimeBase, store).claim(name, restart) : null;
             StateRecorder state = restart ? StateRecorder.restart(store, facts(id, name, spec))
                     : StateRecorder.create(store, facts(id, name, spec));
             RuntimeDirectory dir = RuntimeDirectory.create(runtimeBase, id, inputs.runtimeOwner(spec));
             CgroupScope cgroup = CgroupScope.create(cgroups, id, spec, events);
             NetworkDriver.Attachment network = Networks.reserve(spec, id, runtimeBase, store)) {
            try {
                Optional<WorkspaceCopy> copy = LaunchInputs.stageWorkspace(spec, dir);
                Optional<NotifyProxy> notifyProxy = spec.request().health().readiness().kind() == Readiness.Kind.SD_NOTIFY
                        ? Optional.of(NotifyProxy.open(dir.directory().resolve("notify"))) : Optional.empty();
                Terminal terminal = spec.request().lifecycle().terminal()
                        ? Terminal.of(spec.request().lifecycle(), System.getenv("COLUMNS"), System.getenv("LINES")) : null;
                trace.step("seccomp");
                Optional<byte[]> filter = program.isPresent() ? Optional.of(program.get().await()) : Optional.empty();
                if (program.isPresent() && spec.request().security().seccomp().profile().isPresent()
                        && !program.get().unknownSyscalls().isEmpty()) {
                    // A name libseccomp does not know on x86_64 (a typo, or another architecture's call in
                    // a multi-arch profile such as Docker's) cannot be filtered: said, never silently.
                    events.warning("--seccomp-profile: syscalls unknown on x86_64 left out of the filter: "
                            + String.join(", ", program.get().unknownSyscalls()));
                }
                // Started here, the shim is ready by the clone: its start overlaps the plan's
                // building. (Earlier, it would compete for this host's two cores with the seccomp
                // thread and the directories being made, and the launch gained nothing.)
                shim.begin();
                trace.step("plan");
                PlanInputs planInputs = inputs.gather(spec, id, view, who, layers, filter, secrets, hostname, dir,
                        copy.map(c -> c.staged().toString()), Optional.ofNullable(terminal).map(Terminal::size),
                        policies, notifyProxy.map(NotifyProxy::directory), network, events, gpuDevices, closure);
                IsolationPlan built = PlanBuilder.build(spec, planInputs);
                if (planInputs.overlay().isPresent()) {
                    Path lower = Path.of(planInputs.overlay().get().lower());
                    Optional<Path> imageLayer = OverlayLayers.imageEntry(spec, runtimeBase);
                    OverlayLayers.checkTargets(built.steps(), planInputs.rootDir(), lower, imageLayer);
                    // For image commit: the runtime's mount points are not the workload's changes.
                    RuntimeMadePaths.write(store.directory(id), OverlayLayers.made(built.steps(), planInputs.rootDir(),
                            lower, imageLayer));
                }
                // Production audits its mounts inside the container, before execve: a mismatch stops
                // the launch before the workload runs an instruction, naming mount and flags.
                IsolationPlan audited = spec.enforcement().mountAudit() ? MountAudit.inContainer(built) : built;
                // The container process joins the v1 hierarchies itself, before anything else it does.
                IsolationPlan plan = LaunchHooks.fitted(audited, hooks).joiningFirst(cgroup.selfJoinFiles());
                AuditTrail trail = new AuditTrail(audit, id, name, worker);
                trail.start(spec);
                AttachTemplate.Pending template = AttachTemplate.writeAhead(worker, store.directory(id), plan,
                        () -> WorkloadEnvironment.of(spec, hostname, id, List.of()));
                int status;
                try {
                    EventSink launchEvents = new AuditedEvents(events, trail);
                    status = run(new Launched(id, name, spec, plan, launchEvents, state, trail,
                            new LaunchHooks(hooks, store, id, launchEvents,
                                    supervised != null ? supervised.hookOutput() : null), supervised, notifySocket, notifyProxy, trace,
                            network, shim, planInputs.overlay(), template), cgroup,
                            terminal);
                } catch (LaunchFailedException e) {
                    state.failed(e.getMessage());
                    trail.failed(e.getMessage());
                    throw e;
                } finally {
                    template.settled(); // before the state directory it writes in can be removed
                    trail.started(); // on every path: the JVM may halt right after the launch
                    notifyProxy.ifPresent(NotifyProxy::close);
                }
                // Only a workload that ran gets its changes synced back (a failed setup throws above).
                if (copy.isPresent()) {
                    copy.get().syncBack();
                }
                return status;
            } catch (IOException | LaunchFailedException | RuntimeException e) {
                state.failed(String.valueOf(e.getMessage())); // no-op once the workload ran
                throw e;
            }
        } catch (IOException e) {
            throw new LaunchFailedException("cannot prepare the container: " + e.getMessage(), e);
        }
    }


    /** One launch on its way: what the events name it by, and where they go. */
    private record Launched(String id, String name, ContainerSpec spec, IsolationPlan plan, EventSink events,
                            StateRecorder state, AuditTrail audit, LaunchHooks hooks, Supervised supervised,
                            Optional<String> notifySocket, Optional<NotifyProxy> notifyProxy, LaunchTrace trace,
                            NetworkDriver.Attachment network, ShimAhead shim,
                            Optional<PlanInputs.RootfsOverlay> overlay, AttachTemplate.Pending attachTemplate) {
    }

    private int run(Launched c, CgroupScope cgroup, Terminal terminal) throws LaunchFailedException {
        ContainerSpec spec = c.spec();
        IsolationPlan plan = c.plan();
        try (terminal;
             // CLONE_INTO_CGROUP where there is a cgroup2 directory; the v1 hierarchies are joined below.
             ShimSession shim = clone(c, cgroup.placement().directories().get("cgroup2"));
             SignalForwarding signals = forwardSignals ? SignalForwarding.to(shim, terminal, relayQuit, relayQuit) : null) {
            long pid = shim.awaitPid(plan::describeRecord);
            Networks.ContainerFailure containerFailure = () -> shim.failedBeforeGo(pid, plan::describeRecord);
            try {
                beforeGo(c, cgroup, shim, pid, containerFailure);
            } catch (LaunchFailedException | RuntimeException e) {
                // The container's own failure, if it failed first, is the one to report.
                Optional<LaunchFailedException> first = containerFailure.get();
                if (first.isPresent()) {
                    throw first.get();
                }
                throw e;
            }
            try (SeccompDenialWatcher denials = spec.request().security().seccomp().logDenied()
                    ? SeccompDenialWatcher.start(c.id(), shim.auditSession(), c.events()).orElse(null) : null) {
                c.trace().step("exec");
                shim.go();
                return awaitWorkload(c, shim, pid, terminal, Optional.ofNullable(denials), cgroup);
            }
        }
    }

    /**
     * The runtime's part between the clone and GO, while the container process does its mounts:
     * id maps, cgroups, network, the pid file, the created state and audit records, create-time hooks.
     */
    private void beforeGo(Launched c, CgroupScope cgroup, ShimSession shim, long pid,
                          Networks.ContainerFailure containerFailure) throws LaunchFailedException {
        ContainerSpec spec = c.spec();
        c.trace().step("join");
        if (spec.userNamespace().enabled()) {
            IdMaps.write(pid, spec.userNamespace(), callerUid);
            if (c.plan().awaitsMaps()) {
                shim.mapsWritten(); // its mounts run while the rest below is done
            }
        }
        cgroup.join(pid, containerFailure); // before GO, and the plan joins v1 first: no workload instruction runs outside it
        if (c.network() != null) {
            c.trace().step("network");
            Networks.connect(c.network(), pid, c.id(), c.name(), spec, c.events(), containerFailure);
        }
        c.trace().step("record");
        c.attachTemplate().await();
        writePidFile(spec, pid);
        c.state().created(pid, cgroup.placement());
        c.audit().created(pid, c.plan(), cgroup.placement());
        c.trace().step("hooks");
        c.hooks().run(HookPoint.CREATE_RUNTIME, pid);
        c.hooks().run(HookPoint.CREATE_CONTAINER, pid);
    }

    /** After GO: the workload starts (or cannot), runs and ends; events say so. */
    private int awaitWorkload(Launched c, ShimSession shim, long pid, Terminal terminal,
                                     Optional<SeccompDenialWatcher> denials, CgroupScope cgroup)
            throws LaunchFailedException {
        ContainerSpec spec = c.spec();
        IsolationPlan plan = c.plan();
        StringBuilder programError = new StringBuilder();
        int early = shim.awaitExec(plan::describeRecord, programError, terminal,
                () -> c.hooks().run(HookPoint.START_CONTAINER, pid));
        if (early >= 0) {
            shim.awaitExit(plan::describeRecord);
            writeTraceLog(spec, shim);
            throw new ProgramNotRunnable(early, spec.request().workload().command().getFirst() + ": " + programError);
        }
        SecurityStatus security = SecurityStatus.of(plan,
                spec.request().security().seccomp().profile().isPresent() ? "profile" : "default",
                spec.userNamespace().enabled(), shim.auditSession());
        c.state().running(security);
        c.trace().running(pid);
        c.audit().applied(plan, security, spec.request().security().seccomp().profile().isPresent());
        // poststart is part of the start: a failing one fails it, so "started" is said only after it
        // (a detached start is reported to its waiting command at that event).
        c.hooks().run(HookPoint.POSTSTART, pid);
        c.events().emit(new ContainerEvent.Started(c.id(), c.name(), pid, "native", spec.mode().cliName(),
                spec.request().network().mode().cliName(), security, spec.request().resources(),
                cgroup.placement().path()));
        var health = spec.request().health();
        // Probes only when something is watched: the plain run loads none of this.
        boolean watched = health.command().isPresent() || health.readiness().kind() != Readiness.Kind.NONE
                || c.notifySocket().isPresent();
        int code = watched ? awaitWatched(c, shim, pid) : NativeShim.exitCode(shim.awaitExit(plan::describeRecord));
        c.shim().workloadEnded(); // its last output goes out before Nucleus says it ended
        c.trace().exited(code);
        if (c.supervised() != null) {
            c.supervised().outputLogged().run(); // logs -f follows until the end is recorded below
        }
        // Before the cgroup is emptied and removed; in full only when an event stream or listener takes it.
        ResourceStats used = cgroup.stats(c.events().recordsEvents());
        if (c.state().exited(code, used.oomKilled(), c.supervised() != null)) {
            c.supervised().stopAsked().set(true);
        }
        c.audit().stopped(code, used.oomKilled());
        c.hooks().run(HookPoint.POSTSTOP, pid);
        denials.ifPresent(SeccompDenialWatcher::close); // takes the last records before the summary counts them
        writeTraceLog(spec, shim);
        c.events().emit(new ContainerEvent.Summary(c.id(), c.name(), code, denials.map(SeccompDenialWatcher::denials),
                used, spec.request().resources()));
        return code;
    }

    private ShimSession clone(Launched c, String cgroup2Dir) throws LaunchFailedException {
        c.trace().step("encode");
        byte[] encoded;
        try {
            encoded = PlanEncoder.encode(c.plan());
        } catch (IllegalArgumentException e) { // past a bound the validation did not foresee: no stack trace
            throw new LaunchFailedException("the isolation plan cannot be encoded: " + e.getMessage(), e);
        }
        c.trace().step("clone");
        ShimSession shim = c.shim().take();
        int rootfsTree = -1;
        int layerTree = -1;
        try {
            rootfsTree = OverlayLayers.idmappedTree(c.overlay(), c.spec().userNamespace());
            layerTree = OverlayLayers.idmappedLayer(c.overlay(), c.spec(), runtimeBase);
            shim.deliver(encoded, cgroup2Dir, rootfsTree, layerTree);
        } catch (LaunchFailedException | RuntimeException e) {
            shim.close();
            throw e;
        } finally {
            for (int tree : new int[]{rootfsTree, layerTree}) {
                if (tree >= 0) {
                    NativeShim.close(tree); // the shim holds its own copy
                }
            }
        }
        return shim;
    }

    /** Waits for the workload while health checks and the readiness probe run beside it. */
    private int awaitWatched(Launched c, ShimSession shim, long pid) throws LaunchFailedException {
        var health = c.spec().request().health();
        ContainerAttach probes = new ContainerAttach(store, cgroups);
        HealthMonitor.Check check = (argv, timeout) -> probes.probe(c.state().current(), argv, timeout);
        try (HealthMonitor monitor = HealthMonitor.start(c.id(), c.name(), health, check, store.directory(c.id()),
                c.events(), () -> stopUnhealthy(shim));
             ReadinessWatch ready = ReadinessWatch.start(c.id(), c.name(), health.readiness(), pid, check,
                     health.timeoutSeconds(), c.notifySocket(), c.notifyProxy(),
                     c.events())) {
            return NativeShim.exitCode(shim.awaitExit(c.plan()::describeRecord));
        }
    }

    /** An unhealthy container is stopped as `nucleus stop` would: SIGTERM, SIGKILL 10 s later. */
    private static void stopUnhealthy(ShimSession shim) {
        shim.forwardSignal(15);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(10_000);
                shim.forwardSignal(9);
            } catch (InterruptedException e) {
                // not needed any more
            }
        });
    }

    /** --seccomp-mode trace: the counts the shim reported, named, to --seccomp-log. */
    private static void writeTraceLog(ContainerSpec spec, ShimSession shim) throws LaunchFailedException {
        var seccomp = spec.request().security().seccomp();
        if (seccomp.mode() != SeccompMode.TRACE || seccomp.traceLog().isEmpty()) {
            return;
        }
        Path log = Path.of(seccomp.traceLog().get().path());
        try {
            SyscallTraceLog.write(log, shim.syscallCounts());
        } catch (IOException e) {
            throw new LaunchFailedException("--seccomp-log " + log + ": cannot write the trace: " + e.getMessage(), e);
        }
    }

    /**
     * What builds the seccomp policy: trace mode's reporting filter; else the user's
     * {@code --seccomp-profile} (resolved for a container that holds no capabilities; read and
     * parsed here) or the built-in default, plus --seccomp-allow (agent mode drops what is
     * refused, with a warning given here).
     */
    private static Supplier<SeccompProfile> seccompProfile(ContainerSpec spec, PlanInputs.Workload who,
                                                           EventSink events)
            throws LaunchFailedException {
        LaunchRequest r = spec.request();
        if (r.security().seccomp().mode() == SeccompMode.TRACE) {
            return TraceProfiles::traceFilter;
        }
        List<String> asked = r.security().seccomp().extraSyscalls();
        List<String> refused = SeccompOptIn.refused(asked);
        if (!refused.isEmpty()) {
            events.warning("--seccomp-allow: not added (not opt-in, or never allowed): " + String.join(", ", refused));
        }
        if (r.security().seccomp().profile().isPresent()) {
            // Read, pinned and parsed here: a bad profile is exit 2 before anything is created.
            SeccompProfile user = OciSeccompProfiles.load(r.security().seccomp().profile().get(), Set.of());
            Policies.checkSeccompProfile(spec, user);
            return () -> SeccompOptIn.withAllowed(user, asked);
        }
        // The default profile (some 300 rules, built cold) is built on the program's thread.
        boolean networked = r.network().mode() != NetworkMode.NONE;
        boolean sdNotify = r.health().readiness().kind() == Readiness.Kind.SD_NOTIFY;
        boolean gpu = r.gpu().enabled(); // drivers talk through ioctls of their own: any request is allowed
        return () -> {
            SeccompProfile base = DefaultSeccompProfile.forWorkload(networked, gpu, who.uid(), who.gid());
            return SeccompOptIn.withAllowed(sdNotify ? DefaultSeccompProfile.withSdNotify(base) : base, asked);
        };
    }

    private static void writePidFile(ContainerSpec spec, long pid) throws LaunchFailedException {
        if (spec.request().lifecycle().pidFile().isEmpty()) {
            return;
        }
        Path file = Path.of(spec.request().lifecycle().pidFile().get().path());
        try {
            Files.writeString(file, pid + "\n");
        } catch (IOException e) {
            throw new LaunchFailedException("--pid-file " + file + ": cannot write it: "
                    + dev.nucleus.linux.sys.FileErrors.reason(e), e);
        }
    }

    /** What the state records of this launch from the start. */
    private ContainerFacts facts(String id, String name, ContainerSpec spec) {
        LaunchRequest r = spec.request();
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("dev.nucleus.mode", spec.mode().cliName());
        annotations.put("dev.nucleus.trust-level", r.runtime().trustLevel().cliName());
        annotations.put("dev.nucleus.network", r.network().mode().cliName());
        r.lifecycle().topologyMember().ifPresent(m -> annotations.putAll(m.annotations()));
        r.security().seccomp().profile().ifPresent(p -> annotations.put("dev.nucleus.seccomp-profile",
                p.path().path()));
        if (r.filesystem().rootfs().mode() == RootfsMode.OVERLAY) {
            // Where the workload's changes to its rootfs are, until rm.
            annotations.put("dev.nucleus.rootfs-upperdir", OverlayLayers.upper(runtimeBase.resolve(id)).toString());
            spec.request().filesystem().rootfs().layer()
                    .ifPresent(l -> annotations.put("dev.nucleus.rootfs-layer", l.digest()));
        }
        // by path: a record's equals is bootstrapped at its first call (method handles spun, cold)
        if (!r.resources().cgroupParent().path().equals(dev.nucleus.domain.value.CgroupParent.DEFAULT.path())) {
            // where its cgroups are made, for `nucleus rm` after a runtime that died before recording them
            annotations.put(dev.nucleus.domain.lifecycle.CgroupParentAnnotation.KEY, r.resources().cgroupParent().path());
        }
        if (supervised != null) {
            annotations.putAll(supervised.annotations());
            annotations.put("dev.nucleus.restarts", Integer.toString(supervised.restarts()));
        } else {
            annotations.putAll(foregroundAnnotations);
        }
        return new ContainerFacts(id, name, callerUid, System.currentTimeMillis(), r.workload().command(),
                spec.mode().cliName(), "native", r.filesystem().rootfs().path().map(p -> p.path()).orElse("/"),
                !(r.lifecycle().keep() || r.lifecycle().detach()), annotations);
    }

    /** A new container id: 128 random bits, hex. */
    public static String newId() {
        return RandomIds.hex128();
    }
}
