package dev.nucleus.gvisor;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.SecurityLayers;
import dev.nucleus.domain.spec.GvisorPlatform;
import dev.nucleus.domain.spec.NetworkMode;
import dev.nucleus.domain.hooks.Hooks;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.ConsoleRelay;
import dev.nucleus.ports.out.ContainerBackend;
import dev.nucleus.ports.out.ContainerNames;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.out.HelperPrograms;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.out.NetworkDriver;
import dev.nucleus.ports.out.StateStore;
import dev.nucleus.ports.out.Telemetry;
import dev.nucleus.domain.lifecycle.ContainerFacts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Map;
import java.util.TreeMap;

/**
 * --runtime gvisor: the validated spec as an OCI bundle ({@link Bundle}) run by runsc in the
 * foreground, with its exit status passed through. The bundle and runsc's state are removed
 * when it ends, also when this JVM is told to stop (the sandbox is killed first).
 */
public final class GvisorBackend implements ContainerBackend {
    private final Path base;
    private final Function<ContainerSpec, NetworkDriver> networks;
    private final StateStore store;
    private final ContainerNames names;
    private final long ownerUid;
    private final HelperPrograms helpers;
    private String presetId;
    private Runnable outputLogged = () -> { };
    private Hooks hooks = Hooks.NONE;
    private Consoles consoles = dir -> {
        throw new LaunchFailedException("--terminal: no console relay in this build of the gVisor backend");
    };
    /** Until one is wired: runsc would write the mount points into the user's rootfs, so none is given. */
    static final LentServices.RootViews NO_ROOT_VIEWS = new LentServices.RootViews() {
        @Override
        public void mount(Path rootfs, Path upper, Path work, Path view) throws IOException {
            throw new IOException("no view of the rootfs for runsc is wired here (runsc would write into " + rootfs + ")");
        }

        @Override
        public void unmount(Path view) {
            // none was mounted
        }
    };

    private Contexts contexts = (context, staging) -> {
        throw new LaunchFailedException("--context: no context stager in this build of the gVisor backend");
    };
    private Telemetry.Span traceRoot = Telemetry.Span.NONE;
    private QuitRelay quitRelay = send -> () -> {
    };
    private Map<String, String> extraAnnotations = Map.of();
    private int restarts;
    private Optional<dev.nucleus.domain.policy.CapabilityPolicy> capabilities = Optional.empty();
    private Optional<String> seccompJson = Optional.empty();
    private Optional<Path> credentials = Optional.empty();
    private LentServices.HealthChecks healthChecks = (id, name, health, probe, events, stop) -> {
        throw new IllegalStateException("--health-cmd: no health checks in this build of the gVisor backend");
    };
    private LentServices.ReadinessChecks readinessChecks = (id, name, readiness, probe, timeout, net, events) -> () -> { };
    private LentServices.RootViews rootViews = NO_ROOT_VIEWS;
    private LentServices.Workspaces workspaces = (source, staged) -> {
        throw new IOException("--workspace-mode copy-in-out: no workspace stager in this build of the gVisor backend");
    };

    /**
     * @param stateBase the state directory; bundles go to {@code gvisor/}, runsc's state to {@code runsc/}
     * @param networks  the network driver a bridged launch's spec asks for (kernel or userspace)
     * @param store     where ps, stop, kill and rm find the container
     * @param names     where a --name is claimed, among the containers of every backend
     * @param helpers   how runsc is started, its output copied to this process's
     */
    public GvisorBackend(Path stateBase, Function<ContainerSpec, NetworkDriver> networks, StateStore store,
                         ContainerNames names, long ownerUid, HelperPrograms helpers) {
        this.base = stateBase;
        this.helpers = helpers;
        this.networks = networks;
        this.store = store;
        this.names = names;
        this.ownerUid = ownerUid;
    }

    /**
     * A supervised launch ({@code create -d}): the id the caller printed, annotations saying how
     * it is supervised, and how many times it was restarted (a restart replaces its stopped state);
     * {@code outputLogged} returns once what the workload wrote is in the container's log, run
     * before its end is recorded (which ends {@code logs -f}).
     */
    public GvisorBackend supervised(String id, Map<String, String> annotations, int restartCount,
                                    Runnable outputLogged) {
        this.outputLogged = outputLogged;
        this.presetId = id;
        this.extraAnnotations = Map.copyOf(annotations);
        this.restarts = restartCount;
        return this;
    }

    /**
     * A user's foreground run: {@code annotations} name this process, which tears the container
     * down once its workload ends, so that {@code nucleus stop} from elsewhere returns only after
     * that (as it waits for a detached container's supervisor).
     */
    public GvisorBackend foreground(Map<String, String> annotations) {
        if (presetId == null) {
            this.extraAnnotations = Map.copyOf(annotations);
        }
        return this;
    }

    /** Lifecycle spans of launches go under {@code root} (OTLP export, --timings). */
    public GvisorBackend traced(Telemetry.Span root) {
        this.traceRoot = root;
        return this;
    }

    /**
     * The --hooks, read and checked by the composition root. runsc runs createRuntime, poststart and
     * poststop itself, with the container's OCI state on stdin; createContainer and startContainer
     * would run inside the sandbox, which has no such moment, so a launch with them is refused.
     */
    public GvisorBackend hooks(Hooks launchHooks) throws PolicyRejectedException {
        List<dev.nucleus.domain.hooks.HookPoint> refused = OciConfig.refusedHookPoints(launchHooks);
        if (!refused.isEmpty()) {
            throw new PolicyRejectedException("--hooks: " + String.join(" and ", refused.stream()
                    .map(dev.nucleus.domain.hooks.HookPoint::ociName).toList()) + " hooks cannot run with --runtime"
                    + " gvisor (they run inside the container's namespaces, which the sandbox keeps to itself);"
                    + " use createRuntime hooks, or the native runtime");
        }
        this.hooks = launchHooks;
        return this;
    }

    /** Opens the relay of a --terminal launch in {@code privateDir} (wired by the composition root). */
    @FunctionalInterface
    public interface Consoles {
        ConsoleRelay open(Path privateDir) throws LaunchFailedException;
    }

    /**
     * Prepares what a --context launch binds at /context, as for native containers: a filtered copy
     * staged in {@code staging} (copy mode, integrity checked on request) or the checked source
     * (bind mode). Wired by the composition root.
     */
    @FunctionalInterface
    public interface Contexts {
        Path prepare(dev.nucleus.domain.spec.Context context, Path staging) throws LaunchFailedException;
    }

    /** {@code $CREDENTIALS_DIRECTORY} (null or blank: unset), where --systemd-credential's files are. */
    public GvisorBackend credentialsDirectory(String directory) {
        this.credentials = directory == null || directory.isBlank() ? Optional.empty() : Optional.of(Path.of(directory));
        return this;
    }

    /** How readiness is watched. */
    public GvisorBackend readinessChecks(LentServices.ReadinessChecks checks) {
        this.readinessChecks = checks;
        return this;
    }

    /** How --health-cmd is checked. */
    public GvisorBackend healthChecks(LentServices.HealthChecks checks) {
        this.healthChecks = checks;
        return this;
    }

    /** How a --rootfs gets the view runsc is given (unwired: a launch with --rootfs fails). */
    public GvisorBackend rootViews(LentServices.RootViews views) {
        this.rootViews = views;
        return this;
    }

    /** How copy-in-out workspaces are staged. */
    public GvisorBackend workspaces(LentServices.Workspaces stager) {
        this.workspaces = stager;
        return this;
    }

    /** Where --context launches get their /context. */
    public GvisorBackend contexts(Contexts stager) {
        this.contexts = stager;
        return this;
    }

    /**
     * Takes SIGQUIT, which the JVM keeps for its thread dumps and refuses to {@code sun.misc.Signal},
     * and hands each one to {@code send} until closed. Wired by the CLI for its own foreground runs
     * (a native handler); by default SIGQUIT stays the JVM's, as in an application embedding Nucleus.
     */
    @FunctionalInterface
    public interface QuitRelay {
        AutoCloseable relayTo(java.util.function.IntConsumer send) throws LaunchFailedException;
    }

    /** SIGQUIT sent to this process goes to the workload too ({@code runsc kill ID 3}). */
    public GvisorBackend relayingQuit(QuitRelay relay) {
        this.quitRelay = relay;
        return this;
    }

    /** Where --terminal launches get their relay. */
    public GvisorBackend consoles(Consoles relays) {
        this.consoles = relays;
        return this;
    }

    /** The pty size: the relay's (the user's terminal), else COLUMNS and LINES, else 80x24. */
    private static Optional<BundleInputs.Console> consoleSize(dev.nucleus.domain.spec.Lifecycle lifecycle,
                                                              ConsoleRelay relay) {
        if (!lifecycle.terminal()) {
            return Optional.empty();
        }
        if (relay != null) {
            return Optional.of(new BundleInputs.Console(relay.rows(), relay.columns()));
        }
        return Optional.of(new BundleInputs.Console(dimension(System.getenv("LINES"), 24),
                dimension(System.getenv("COLUMNS"), 80)));
    }

    private static int dimension(String value, int fallback) {
        try {
            int n = Integer.parseInt(value == null ? "" : value.strip());
            return n > 0 && n < 10_000 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * The console socket's directory: in /dev/shm beside the staged secrets, because a socket's
     * path must fit sun_path (108 bytes), which a bundle path under a long --root does not.
     */
    static Path consoleDirectory(String id) {
        return Path.of("/dev/shm", "nucleus-gvisor-" + id + ".console");
    }

    /** A 0700 directory of its own (the console socket's), removed with the relay. */
    private static Path privateDirectory(Path dir) throws LaunchFailedException {
        try {
            java.nio.file.Files.createDirectories(dir.getParent());
            return java.nio.file.Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new LaunchFailedException("--terminal: cannot make " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The --caps-policy, read and pinned by the composition root: the sets the sandbox's process gets. */
    public GvisorBackend capabilities(Optional<dev.nucleus.domain.policy.CapabilityPolicy> policy) {
        this.capabilities = policy;
        return this;
    }

    /** --seccomp-profile as OCI JSON (read, pinned and resolved by the composition root), applied by runsc. */
    public GvisorBackend seccomp(Optional<String> ociProfile) {
        this.seccompJson = ociProfile;
        return this;
    }

    @Override
    public List<String> unsupported(ContainerSpec spec) {
        return GvisorUnsupported.of(spec);
    }

    @Override
    public int runForeground(ContainerSpec spec, SecurityLayers layers, LaunchSecrets secrets, EventSink events)
            throws LaunchFailedException {
        Telemetry.Span create = traceRoot.child("create");
        Telemetry.Span step = create.child("runsc-probe");
        Runsc runsc = Runsc.find();
        GvisorPlatform platform = runsc.platform(spec.request().runtime().gvisorPlatform(),
                base.resolve("gvisor").resolve("platform"));
        String id = presetId != null ? presetId : newId();
        String name = spec.request().name().orElse(id.substring(0, 12));
        Path bundles = base.resolve("gvisor").resolve("bundles");
        step.close();
        // Released after the state is final: a stopped container kept with --keep still owns its name.
        try (ContainerNames.Claim claim = spec.request().name().isPresent() ? names.claim(name, restarts > 0) : null;
             GvisorState state = GvisorState.create(store, facts(id, name, spec, bundles.resolve(id)), restarts > 0)) {
            try {
                return run(spec, events, runsc, platform, id, name, bundles, state, create);
            } catch (LaunchFailedException | RuntimeException e) {
                state.failed(String.valueOf(e.getMessage()));
                create.fail(String.valueOf(e.getMessage()));
                throw e;
            }
        } finally {
            // a sandbox that failed to start leaves runsc's cgroups
            SandboxCgroups.removeLeftovers(spec.request().resources().cgroupParent().path(), id);
            create.close();
        }
    }

    private int run(ContainerSpec spec, EventSink events, Runsc runsc, GvisorPlatform platform, String id,
                    String name, Path bundles, GvisorState recorded, Telemetry.Span create) throws LaunchFailedException {
        Path state = base.resolve("runsc");
        Telemetry.Span bundleStep = create.child("bundle");
        NetworkMode mode = spec.request().network().mode();
        var lifecycle = spec.request().lifecycle();
        try (SandboxNetwork network = mode == NetworkMode.BRIDGE
                ? SandboxNetwork.create(networks.apply(spec), base, id, spec) : null;
             ConsoleRelay console = lifecycle.terminal() && lifecycle.consoleSocket().isEmpty()
                     ? consoles.open(privateDirectory(consoleDirectory(id))) : null;
             Bundle bundle = Bundle.create(bundles, id, name, spec,
                     CallerCgroup.ofSandbox(spec.request().resources().cgroupParent().path(), id), rootViews,
                     network == null ? List.of() : network.attachment().addresses(), capabilities, seccompJson, hooks,
                     consoleSize(lifecycle, console), credentials, workspaces, contexts)) {
            bundleStep.close();
            String runscNetwork = mode == NetworkMode.NONE ? "none" : "host";
            // runsc dies with this runtime (SIGKILL included), and the sandbox with it.
            List<String> command = new java.util.ArrayList<>(List.of(SandboxNetwork.tool("setpriv").toString(),
                    "--pdeathsig", "KILL", "--"));
            List<String> run = new java.util.ArrayList<>();
            if (seccompJson.isPresent()) {
                run.add("--oci-seccomp");
            }
            run.add("run");
            // --terminal: runsc opens the pty inside the sandbox and sends its master to a console
            // socket: the user's (--console-socket), or ours, which relays it to this terminal.
            if (console != null) {
                run.addAll(List.of("--console-socket", console.socket()));
            } else if (lifecycle.consoleSocket().isPresent()) {
                run.addAll(List.of("--console-socket", lifecycle.consoleSocket().get().path()));
            }
            // --pid-file: runsc writes the sandbox's pid (its process on this host) once it made it.
            lifecycle.pidFile().ifPresent(f -> run.addAll(List.of("--pid-file", f.path())));
            run.addAll(List.of("--bundle", bundle.directory().toString(), id));
            command.addAll(runsc.argv(state, platform, runscNetwork, run));
            List<String> argv = network == null ? command : network.enter(command);
            if (network != null) {
                events.emit(new ContainerEvent.NetworkConfigured(id, name, network.attachment().describe()
                        + "; gVisor host networking inside that namespace", network.attachment().addresses().stream()
                        .map(Object::toString).toList(), network.attachment().egressRules()));
            }
            // Through pipes, not inherited: the sandbox writes the workload's output on its own and
            // may still be writing when `runsc run` returns; EOF on the pipes says it is all out.
            // With a relayed terminal the relay alone reads this terminal (runsc gets /dev/null).
            HelperPrograms.Running p = helpers.start(argv, console != null);
            Thread stopper = new Thread(() -> kill(runsc, state, platform, id));
            Runtime.getRuntime().addShutdownHook(stopper);
            int code;
            boolean waited = false;
            try {
                java.util.function.IntConsumer send = sig -> quietly(runsc.argv(state, platform, "none",
                        List.of("kill", id, Integer.toString(sig))));
                SandboxSignals signals = SandboxSignals.to(send, console == null ? null : console::resize,
                        quitRelay.relayTo(send));
                if (console != null) {
                    while (p.isAlive() && !console.start(java.time.Duration.ofMillis(200))) {
                        // runsc sends the master once the sandbox made the pty; it may also fail first
                    }
                }
                // A supervised start is reported once runsc runs the workload: a `runsc run` that ends
                // first (a program missing, 127, or not executable, 126) is the start's failure, which
                // the waiting `run -d` reports, leaving nothing, as natively. A foreground run's status
                // says the same by itself.
                if (presetId != null && !sandboxRuns(p, runsc.argv(state, platform, "none", List.of("state", id)))) {
                    signals.close();
                    int status = p.waitFor();
                    throw RunscStatus.notStarted(status, p.stderrTail(), oomKills(spec, id).oomKilled());
                }
                SecurityStatus security = new SecurityStatus(Optional.empty(), Optional.empty(),
                        new SecurityStatus.Capabilities(List.of(), List.of()), false, Optional.empty());
                String parent = spec.request().resources().cgroupParent().path();
                String cgroupPath = CallerCgroup.path(parent, id);
                recorded.running(cgroupPath, SandboxCgroups.observed(parent, id), security);
                events.emit(new ContainerEvent.Started(id, name, ProcessHandle.current().pid(), "gvisor",
                        spec.mode().cliName(), spec.request().network().mode().cliName(), security,
                        spec.request().resources(), cgroupPath));
                create.close();
                LentServices.Checking health = spec.request().health().command().isEmpty() ? () -> { }
                        : healthChecks.start(id, name, spec.request().health(),
                                (check, timeout) -> GvisorAttach.probe(base, id, check, timeout, helpers), events,
                                () -> stopUnhealthy(send));
                var checks = spec.request().health();
                LentServices.Checking ready = readinessChecks.start(id, name, checks.readiness(),
                        (check, timeout) -> GvisorAttach.probe(base, id, check, timeout, helpers),
                        java.time.Duration.ofSeconds(checks.timeoutSeconds()), probeNetwork(mode, network), events);
                try (signals; Telemetry.Span running = traceRoot.child("run"); health; ready) {
                    // runsc run: the sandbox's start, the workload, the sandbox's end
                    code = RunscStatus.of(p.waitFor(), p.stderrTail());
                }
                waited = true;
            } finally {
                // Removed here, not left to JVM exit: a launch failing past this point stops its
                // sandbox now (the CLI ends with Runtime.halt, which runs no hooks).
                try {
                    if (Runtime.getRuntime().removeShutdownHook(stopper) && !waited) {
                        stopper.run();
                    }
                } catch (IllegalStateException shuttingDown) {
                    // a signal is ending this JVM: the hook runs, or ran, as it was meant to
                }
                p.close();
            }
            Telemetry.Span stop = traceRoot.child("stop");
            ResourceStats used = oomKills(spec, id);
            if (leftIn(state, id)) {
                delete(runsc, state, platform, id); // `runsc run` deletes its container when it ends normally
            }
            bundle.syncWorkspaceBack(); // the workload ran: its changes go back (a failed start threw above)
            outputLogged.run(); // logs -f follows until the end is recorded
            recorded.exited(code, used.oomKilled());
            events.emit(new ContainerEvent.Summary(id, name, code, Optional.empty(), used,
                    spec.request().resources()));
            stop.close();
            return code;
        } catch (IOException e) {
            throw new LaunchFailedException("gVisor: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while runsc ran", e);
        }
    }

    /** The OOM kills, as natively: runsc's cgroup is still there when the sandbox was killed. */
    private static ResourceStats oomKills(ContainerSpec spec, String id) {
        return ResourceStats.ofOomKills(SandboxCgroups.oomKills(spec.request().resources().cgroupParent().path(), id));
    }

    /**
     * Whether runsc says the container runs before {@code runsc run} ends: polled with {@code
     * stateCommand} ({@code runsc state ID}), which reports "running" once the sandbox has started
     * the workload (a program it cannot load never gets there).
     */
    static boolean sandboxRuns(HelperPrograms.Running run, List<String> stateCommand) throws InterruptedException {
        while (run.isAlive()) {
            try {
                Process state = new ProcessBuilder(stateCommand).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String json = new String(state.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (state.waitFor() == 0 && json.contains("\"status\": \"running\"")) {
                    return true;
                }
            } catch (IOException e) {
                return run.isAlive(); // runsc cannot be asked: as before, the start is taken for a run
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * Where a TCP probe finds the sandbox's listening sockets: runsc's host networking puts them in
     * the namespace Nucleus made (bridge) or the host's (gvisor-host); with none, in gVisor's own.
     */
    private static java.util.OptionalLong probeNetwork(NetworkMode mode, SandboxNetwork network) {
        if (network != null) {
            return java.util.OptionalLong.of(network.holderPid());
        }
        return mode == NetworkMode.GVISOR_HOST ? java.util.OptionalLong.of(ProcessHandle.current().pid())
                : java.util.OptionalLong.empty();
    }

    /** An unhealthy sandbox is stopped as `nucleus stop` would: SIGTERM, SIGKILL 10 s later. */
    private static void stopUnhealthy(java.util.function.IntConsumer send) {
        send.accept(15);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(10_000);
                send.accept(9);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private ContainerFacts facts(String id, String name, ContainerSpec spec, Path bundle) {
        var r = spec.request();
        Map<String, String> annotations = new TreeMap<>();
        annotations.put("dev.nucleus.mode", spec.mode().cliName());
        annotations.put("dev.nucleus.trust-level", r.runtime().trustLevel().cliName());
        annotations.put("dev.nucleus.network", r.network().mode().cliName());
        r.lifecycle().topologyMember().ifPresent(m -> annotations.putAll(m.annotations()));
        // where its cgroups are, for `nucleus rm` after its runtime died (GvisorCleanup)
        annotations.put(GvisorCleanup.CGROUP_PARENT, r.resources().cgroupParent().path());
        annotations.putAll(extraAnnotations);
        if (presetId != null) {
            annotations.put("dev.nucleus.restarts", Integer.toString(restarts));
        }
        return new ContainerFacts(id, name, ownerUid, System.currentTimeMillis(), r.workload().command(),
                spec.mode().cliName(), "gvisor", bundle.toString(), !(r.lifecycle().keep() || r.lifecycle().detach()),
                annotations);
    }

    /** 128 random bits from the kernel (a SecureRandom costs a cold JVM some 9 ms of provider set-up). */
    private static String newId() throws LaunchFailedException {
        byte[] b = new byte[16];
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of("/dev/urandom"))) {
            if (in.readNBytes(b, 0, b.length) != b.length) {
                throw new IOException("short read");
            }
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read /dev/urandom for a container id: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(b);
    }

    /** Whether runsc still keeps state for {@code id} under its root (one more runsc process otherwise saved). */
    static boolean leftIn(Path runscRoot, String id) {
        try (java.nio.file.DirectoryStream<Path> entries = java.nio.file.Files.newDirectoryStream(runscRoot)) {
            for (Path e : entries) { // a loop, not Files.list's stream: this ends every launch
                if (e.getFileName().toString().contains(id)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // cannot tell: delete to be sure
        }
    }

    private static void kill(Runsc runsc, Path state, GvisorPlatform platform, String id) {
        quietly(runsc.argv(state, platform, "none", List.of("kill", "--all", id, "KILL")));
        delete(runsc, state, platform, id);
    }

    private static void delete(Runsc runsc, Path state, GvisorPlatform platform, String id) {
        quietly(runsc.argv(state, platform, "none", List.of("delete", "--force", id)));
        removeLeftIn(state, id);
    }

    /**
     * What runsc leaves of a sandbox that died while booting (killed by its memory limit, say),
     * which {@code runsc delete} does not remove: its lock file and control socket, by id.
     */
    static void removeLeftIn(Path runscRoot, String id) {
        for (String name : List.of(id + "_sandbox:" + id + ".lock", "runsc-" + id + ".sock")) {
            try {
                java.nio.file.Files.deleteIfExists(runscRoot.resolve(name));
            } catch (IOException ignored) {
                // a later rm tries again
            }
        }
    }

    static void quietly(List<String> argv) {
        try {
            new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor();
        } catch (IOException e) {
            // the sandbox is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
