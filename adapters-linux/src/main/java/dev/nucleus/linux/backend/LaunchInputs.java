package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.PathPolicy;
import dev.nucleus.domain.rules.SecurityLayers;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.out.NetworkDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a native launch's plan is built from, taken from the host: the program found in the
 * workload's root, sources of binds made canonical and checked again once resolved (a symlink
 * must not lead into a protected path), the context, secrets and /etc files staged, the overlay
 * prepared. {@link NativeBackend} gathers them once its state, runtime directory and cgroups exist.
 */
final class LaunchInputs {
    private final long callerUid;
    private final Path runtimeBase;
    private final String credentialsDirectory;

    LaunchInputs(long callerUid, Path runtimeBase, String credentialsDirectory) {
        this.callerUid = callerUid;
        this.runtimeBase = runtimeBase;
        this.credentialsDirectory = credentialsDirectory;
    }

    /** The plan's inputs: the workload's view of the host, resolved, checked and staged. */
    PlanInputs gather(ContainerSpec spec, String id, Path view, PlanInputs.Workload who, SecurityLayers layers,
                      Optional<byte[]> filter, LaunchSecrets secrets, String hostname, RuntimeDirectory dir,
                      Optional<String> stagedWorkspace, Optional<PlanInputs.TerminalSize> terminalSize,
                      Policies policies, Optional<Path> notifyDir, NetworkDriver.Attachment network,
                      EventSink events, List<String> gpuDevices, List<PlanInputs.StoreObject> closure)
            throws IOException, LaunchFailedException {
        LaunchRequest r = spec.request();
        Optional<Path> rootfs = r.filesystem().rootfs().path().map(p -> Path.of(p.path()));
        String program = r.workload().command().getFirst();
        String exec = ProgramLocator.locate(program, view).orElse(program);
        Optional<String> context = r.filesystem().context().isPresent()
                ? Optional.of(ContextStager.prepare(r.filesystem().context().get(), dir.context()).toString())
                : Optional.empty();
        List<PlanInputs.EtcFile> etc = EtcFiles.of(hostname, who, r.network().mode(), nameServers(spec, network),
                r.network().extraHosts(), network == null ? List.of() : network.addresses());
        Optional<PlanInputs.RootfsOverlay> overlay = OverlayLayers.prepare(spec, view, dir.directory(),
                runtimeOwner(spec), callerUid, runtimeBase);
        OverlayLayers.unmappedOwner(overlay, spec.userNamespace(), view).ifPresent(events::warning);
        if (overlay.isPresent()) {
            ImageConfigRecord.write(dir.directory(), spec, view, who);
        }
        return new PlanInputs(hostname, dir.root().toString(),
                rootfs.isPresent() ? SystemEntries.rootfs(view, !closure.isEmpty()) : SystemEntries.host(), who, exec,
                withNotifySocket(WorkloadEnvironment.of(spec, hostname, id, BrokerToken.with(spec, secrets.environment())),
                        notifyDir), filter,
                layers.landlockAbi(),
                etc,
                rootfs.isPresent() ? EtcFiles.rootfsOverrides(spec, view, dir.directory().resolve("etc"), etc, events)
                        : EtcFiles.hostBinds(),
                stagedWorkspace.isPresent() ? stagedWorkspace : workspace(spec), context,
                SecretStager.stage(r.filesystem(), dir.secrets(), who, spec.userNamespace(), credentialsDirectory),
                withNotifyBind(providerBinds(spec), notifyDir), terminalSize, volumeSources(spec))
                .withPolicies(policies.caps(), policies.landlock()).withOverlay(overlay).withGpuDevices(gpuDevices)
                .withClosure(closure);
    }

    /** The root the workload sees: its --rootfs (links resolved), or the host's. */
    static Path rootView(ContainerSpec spec) throws LaunchFailedException {
        Optional<String> rootfs = spec.request().filesystem().rootfs().path().map(p -> p.path());
        try {
            return rootfs.isPresent() ? Path.of(rootfs.get()).toRealPath() : Path.of("/");
        } catch (IOException e) {
            throw new LaunchFailedException("cannot resolve the rootfs " + rootfs.get() + ": " + e.getMessage(), e);
        }
    }

    /** --dns, or the network's own resolver (slirp4netns's) when none is given. */
    private static List<dev.nucleus.domain.value.IpAddress> nameServers(ContainerSpec spec,
                                                                        NetworkDriver.Attachment network) {
        if (!spec.network().dns().isEmpty() || network == null) {
            return spec.network().dns();
        }
        return network.builtInDns().map(List::of).orElse(List.of());
    }

    private static List<String> withNotifySocket(List<String> env, Optional<Path> notifyDir) {
        if (notifyDir.isEmpty()) {
            return env;
        }
        List<String> out = new java.util.ArrayList<>(env);
        out.removeIf(e -> e.startsWith("NOTIFY_SOCKET="));
        out.add("NOTIFY_SOCKET=" + NotifyProxy.CONTAINER_SOCKET);
        return out;
    }

    private static List<PlanInputs.ProviderBind> withNotifyBind(List<PlanInputs.ProviderBind> binds,
                                                                Optional<Path> notifyDir) {
        if (notifyDir.isEmpty()) {
            return binds;
        }
        List<PlanInputs.ProviderBind> out = new java.util.ArrayList<>(binds);
        out.add(new PlanInputs.ProviderBind(notifyDir.get().toString(), NotifyProxy.CONTAINER_DIR, false, true));
        return out;
    }

    /** The canonical workspace source, checked again against the deny list once symlinks are resolved. */
    private static Optional<String> workspace(ContainerSpec spec) throws IOException, LaunchFailedException {
        if (spec.request().filesystem().workspace().isEmpty()) {
            return Optional.empty();
        }
        String real = Path.of(spec.request().filesystem().workspace().get().source().path()).toRealPath().toString();
        if (PathPolicy.deniedBindSource(real)) {
            throw new PolicyRejectedException("--workspace " + spec.request().filesystem().workspace().get().source()
                    + " resolves to " + real + ", a protected host path");
        }
        return Optional.of(real);
    }

    /** Volume sources made canonical and checked against the deny list again once resolved. */
    private static List<PlanInputs.VolumeSource> volumeSources(ContainerSpec spec)
            throws IOException, LaunchFailedException {
        List<PlanInputs.VolumeSource> out = new java.util.ArrayList<>();
        for (var v : spec.request().filesystem().volumes()) {
            String real = Path.of(v.source().path()).toRealPath().toString();
            if (PathPolicy.deniedBindSource(real)) {
                throw new PolicyRejectedException("--volume " + v.source() + " resolves to " + real
                        + ", a protected host path");
            }
            out.add(new PlanInputs.VolumeSource(real, Files.isDirectory(Path.of(real))));
        }
        return out;
    }

    /** Provider configs with canonical sources, checked against their deny list once resolved. */
    private static List<PlanInputs.ProviderBind> providerBinds(ContainerSpec spec) throws IOException,
            LaunchFailedException {
        List<PlanInputs.ProviderBind> out = new java.util.ArrayList<>();
        for (var p : spec.request().filesystem().providerConfigs()) {
            String real = Path.of(p.source().path()).toRealPath().toString();
            if (PathPolicy.deniedProviderSource(real)) {
                throw new PolicyRejectedException("--provider-config " + p.source() + " resolves to " + real
                        + ", which may not be bound (a whole home, / or a system path)");
            }
            out.add(new PlanInputs.ProviderBind(real, p.destination().path(), p.readOnly(),
                    Files.isDirectory(Path.of(real))));
        }
        return out;
    }

    /** --workspace-mode copy-in-out: the workspace copied into the runtime directory. */
    static Optional<WorkspaceCopy> stageWorkspace(ContainerSpec spec, RuntimeDirectory dir)
            throws IOException, LaunchFailedException {
        var ws = spec.request().filesystem().workspace();
        if (ws.isEmpty() || ws.get().mode() != dev.nucleus.domain.spec.WorkspaceMode.COPY_IN_OUT) {
            return Optional.empty();
        }
        return Optional.of(WorkspaceCopy.stage(Path.of(workspace(spec).orElseThrow()), dir.workspace()));
    }

    /**
     * Who owns the runtime directory: root's launch gives it to the host ids of the container's
     * root, so that it keeps its DAC override there; an unprivileged caller cannot give a file
     * away, and keeps it (its own ids are what its rootless, auto and keep-id maps map).
     */
    Optional<RuntimeDirectory.Owner> runtimeOwner(ContainerSpec spec) throws LaunchFailedException {
        var userns = spec.userNamespace();
        if (callerUid != 0 || !userns.enabled() || userns.uidMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RuntimeDirectory.Owner(SecretStager.hostId(0, userns.uidMap(), true),
                SecretStager.hostId(0, userns.gidMap(), true)));
    }
}
