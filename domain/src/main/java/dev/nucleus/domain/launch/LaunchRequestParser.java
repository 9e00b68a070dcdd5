package dev.nucleus.domain.launch;

import static dev.nucleus.domain.launch.LaunchOption.*;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.*;
import dev.nucleus.domain.spec.TopologyMember;
import dev.nucleus.domain.value.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a {@link RawLaunchRequest} into a typed {@link LaunchRequest}, filling in option defaults.
 * Every malformed value is reported, each naming its flag (or config key) and the bad value.
 * Cross-option rules belong to {@code dev.nucleus.domain.rules}, not here.
 */
public final class LaunchRequestParser {
    private LaunchRequestParser() {
    }

    public static LaunchRequest parse(RawLaunchRequest raw) throws InvalidRequestException {
        ValueReader r = new ValueReader(raw);
        LaunchRequest request = new LaunchRequest(
                serviceMode(r, raw),
                r.value(NAME, Names::containerName),
                r.value(HOSTNAME, LaunchRequestParser::utsHostname),
                workload(r, raw),
                filesystem(r),
                new Identity(r.value(USER, LaunchRequestParser::identityName),
                        r.value(GROUP, LaunchRequestParser::identityName),
                        r.list(ADDITIONAL_GROUP, LaunchRequestParser::identityName)),
                new UserNamespaceRequest(r.flag(ROOTLESS),
                        r.choice(USERNS, UsernsMode.values(), UsernsMode.NOMAP),
                        r.list(UIDMAP, IdMapping::parse), r.list(GIDMAP, IdMapping::parse)),
                resources(r),
                new RuntimeSelection(
                        r.choice(RUNTIME, RuntimeKind.values(), RuntimeKind.NATIVE),
                        r.choice(GVISOR_PLATFORM, GvisorPlatform.values()),
                        r.choice(TRUST_LEVEL, TrustLevel.values(), TrustLevel.UNTRUSTED),
                        r.path(BUNDLE)),
                network(r),
                security(r),
                health(r),
                new Lifecycle(r.flag(DETACH), r.flag(KEEP), r.flag(QUIET_ID), r.path(PID_FILE),
                        r.flag(TERMINAL) || raw.has(CONSOLE_SOCKET), r.path(CONSOLE_SOCKET),
                        r.path(HOOKS), r.value(RESTART, RestartPolicy::parse, RestartPolicy.NO),
                        r.value(TOPOLOGY_MEMBER, TopologyMember::parse)),
                new Gpu(r.choice(GPU_VENDOR, GpuVendor.values()),
                        r.list(GPU_DEVICE, HostPath::parse),
                        r.value(GPU_DRIVER_CAPABILITIES, LaunchRequestParser::nonBlank, Gpu.DEFAULT_DRIVER_CAPABILITIES),
                        r.value(GPU_VISIBLE_DEVICES, LaunchRequestParser::nonBlank, Gpu.DEFAULT_VISIBLE_DEVICES),
                        !r.flag(NO_GPU_DRIVER_LIBS)));
        checkDependentOptions(r, raw);
        if (!r.problems().isEmpty()) {
            throw new InvalidRequestException(r.problems());
        }
        return request;
    }

    /** Options that only make sense with another one; silently ignoring them would mislead. */
    private static void checkDependentOptions(ValueReader r, RawLaunchRequest raw) {
        requires(r, raw, ROOTFS_MODE, List.of(ROOTFS, AGENT_TOOLCHAIN_ROOTFS));
        requires(r, raw, ROOTFS_LAYER, List.of(ROOTFS));
        if (given(raw, ROOTFS_LAYER) && !raw.get(ROOTFS_MODE).equals(List.of("overlay"))) {
            r.problem(raw.subject(ROOTFS_LAYER), "needs " + raw.subject(ROOTFS_MODE) + " overlay: an image layer"
                    + " lies between the rootfs and the container's writable layer");
        }
        requires(r, raw, CONTEXT_MODE, List.of(CONTEXT));
        requires(r, raw, VERIFY_CONTEXT_INTEGRITY, List.of(CONTEXT));
        requires(r, raw, WORKSPACE_MODE, List.of(WORKSPACE));
        requires(r, raw, WORKSPACE_EXEC, List.of(WORKSPACE));
        requires(r, raw, SECCOMP_PROFILE_SHA256, List.of(SECCOMP_PROFILE));
        requires(r, raw, CAPS_POLICY_SHA256, List.of(CAPS_POLICY));
        requires(r, raw, LANDLOCK_POLICY_SHA256, List.of(LANDLOCK_POLICY));
        requires(r, raw, CREDENTIAL_BROKER_NO_PROXY_ENV, List.of(CREDENTIAL_BROKER));
        requires(r, raw, GPU_DRIVER_CAPABILITIES, List.of(GPU_VENDOR, GPU_DEVICE));
        requires(r, raw, GPU_VISIBLE_DEVICES, List.of(GPU_VENDOR, GPU_DEVICE));
        requires(r, raw, NO_GPU_DRIVER_LIBS, List.of(GPU_VENDOR, GPU_DEVICE));
        requires(r, raw, RESTART, List.of(DETACH));
        requires(r, raw, BRIDGE, List.of(LaunchOption.NETWORK));
        requires(r, raw, BRIDGE_SUBNET, List.of(LaunchOption.NETWORK));
        if (given(raw, DETACH) && given(raw, TERMINAL)) {
            r.problem(raw.subject(TERMINAL), "cannot be combined with " + raw.subject(DETACH)
                    + ": a detached container has no terminal; its output goes to 'nucleus logs'");
        }
        if (raw.has(ROOTFS) && raw.has(AGENT_TOOLCHAIN_ROOTFS)) {
            r.problem(raw.subject(AGENT_TOOLCHAIN_ROOTFS), "conflicts with " + raw.subject(ROOTFS)
                    + ": both set the root filesystem; give only one");
        }
        int readiness = 0;
        for (LaunchOption o : List.of(READINESS_EXEC, READINESS_TCP, READINESS_SD_NOTIFY)) {
            readiness += given(raw, o) ? 1 : 0;
        }
        if (readiness > 1) {
            r.problem(raw.subject(READINESS_EXEC), "give at most one of " + raw.subject(READINESS_EXEC) + ", "
                    + raw.subject(READINESS_TCP) + " and " + raw.subject(READINESS_SD_NOTIFY));
        }
    }

    private static void requires(ValueReader r, RawLaunchRequest raw, LaunchOption option, List<LaunchOption> anyOf) {
        if (given(raw, option) && !Lists.anyMatch(anyOf, raw::has)) {
            r.problem(raw.subject(option), "has no effect without " + raw.subject(anyOf.getFirst())
                    + "; add it or remove " + raw.subject(option));
        }
    }

    /** Present, and not a switch turned off; a VALUE option's text "false" (a command, say) counts as given. */
    private static boolean given(RawLaunchRequest raw, LaunchOption option) {
        return raw.has(option) && !(option.arity() == Arity.FLAG && raw.get(option).equals(List.of("false")));
    }

    private static ServiceMode serviceMode(ValueReader r, RawLaunchRequest raw) {
        ServiceMode mode = r.choice(SERVICE_MODE, ServiceMode.values(), ServiceMode.AGENT);
        if (r.flag(STRICT_AGENT)) {
            if (raw.has(SERVICE_MODE) && mode != ServiceMode.STRICT_AGENT) {
                r.problem(raw.subject(STRICT_AGENT), "conflicts with " + raw.subject(SERVICE_MODE) + " " + mode.cliName()
                        + "; give only one of them");
            }
            return ServiceMode.STRICT_AGENT;
        }
        return mode;
    }

    private static Workload workload(ValueReader r, RawLaunchRequest raw) {
        if (raw.command().isEmpty()) {
            r.problem(raw.commandSubject(), "no workload command given; put it after '--', e.g. nucleus run -- /bin/sh");
        } else if (raw.command().getFirst().isEmpty()) {
            r.problem(raw.commandSubject(), "the program name is empty");
        }
        return new Workload(raw.command(), r.list(ENV, EnvVar::parse), fd(r, ENV_FD),
                r.value(WORKDIR, ContainerPath::parse,
                        path(raw.has(WORKSPACE) ? Workload.WORKSPACE_WORKDIR : Workload.DEFAULT_WORKDIR)));
    }

    private static Filesystem filesystem(ValueReader r) {
        Optional<HostPath> rootfs = r.path(ROOTFS);
        Optional<HostPath> toolchain = r.path(AGENT_TOOLCHAIN_ROOTFS);
        RootfsMode rootfsMode = r.choice(ROOTFS_MODE, RootfsMode.values(), RootfsMode.BIND);
        RootfsSource source = rootfs.map(p -> new RootfsSource(RootfsSource.Kind.ROOTFS, Optional.of(p), rootfsMode))
                .or(() -> toolchain.map(p -> new RootfsSource(RootfsSource.Kind.AGENT_TOOLCHAIN, Optional.of(p), rootfsMode)))
                .orElse(new RootfsSource(RootfsSource.Kind.HOST_BINDS, Optional.empty(), rootfsMode))
                .withLayer(r.value(ROOTFS_LAYER, ImageLayer::parse));

        ContainerPath home = r.value(HOME, ContainerPath::parse, path(Filesystem.DEFAULT_HOME));
        List<ProviderConfig> providers = new ArrayList<>();
        for (LaunchOption o : List.of(PROVIDER_CONFIG_RO, PROVIDER_CONFIG_RW)) {
            providers.addAll(r.list(o, t -> {
                SourceTarget st = SourceTarget.parse(t);
                return new ProviderConfig(HostPath.parse(st.source()), home.resolve(st.target()), o == PROVIDER_CONFIG_RO);
            }));
        }
        ContextMode contextMode = r.choice(CONTEXT_MODE, ContextMode.values(), ContextMode.COPY);
        boolean verifyContext = r.flag(VERIFY_CONTEXT_INTEGRITY);
        WorkspaceMode workspaceMode =
                r.choice(WORKSPACE_MODE, WorkspaceMode.values(), WorkspaceMode.BIND_RW);
        boolean workspaceExec = r.flag(WORKSPACE_EXEC);
        // The launching program (the CLI, the embedded API) reads --secrets-fd before validation and
        // adds its secrets to --secret: an fd still here was read by no one, refused, not ignored.
        fd(r, SECRETS_FD).ifPresent(n -> r.problem(SECRETS_FD, "fd " + n + " was not read before validation;"
                + " pass it to the nucleus CLI or the embedded API, which read it"));
        return new Filesystem(source,
                r.path(CONTEXT).map(p -> new Context(p, contextMode, verifyContext)),
                r.path(WORKSPACE).map(p -> new Workspace(p, workspaceMode, workspaceExec)),
                home, List.copyOf(providers), r.list(VOLUME, VolumeMount::parse), r.list(TMPFS, TmpfsMount::parse),
                r.list(SECRET, t -> {
                    SourceTarget st = SourceTarget.parse(t);
                    return new Secret(HostPath.parse(st.source()), ContainerPath.parse(st.target()));
                }),
                r.list(SYSTEMD_CREDENTIAL, t -> {
                    SourceTarget st = SourceTarget.parse(t);
                    return new SystemdCredential(credentialName(st.source()), ContainerPath.parse(st.target()));
                }),
                r.flag(PROC_RW));
    }

    private static Resources resources(ValueReader r) {
        return new Resources(r.value(MEMORY, LaunchRequestParser::memoryLimit), r.flag(SWAP),
                r.value(CPUS, CpuQuota::parse),
                r.value(CPU_WEIGHT, t -> Numbers.parseInt(t, 1, 10000)).map(OptionalInt::of).orElse(OptionalInt.empty()),
                r.number(PIDS, 0, 4_194_304, Resources.DEFAULT_PIDS),
                r.list(IO_LIMIT, IoLimit::parse),
                r.value(MEMLOCK, ByteSize::parse, Resources.DEFAULT_MEMLOCK),
                r.value(CGROUP_PARENT, CgroupParent::parse, CgroupParent.DEFAULT));
    }

    private static Network network(ValueReader r) {
        return new Network(
                r.choice(LaunchOption.NETWORK, NetworkMode.values(), NetworkMode.NONE),
                r.flag(ALLOW_HOST_NETWORK),
                r.choice(NAT_BACKEND, NatBackend.values(), NatBackend.AUTO),
                r.list(PUBLISH, PortMapping::parse),
                r.list(DNS, IpAddress::parse),
                r.list(ADD_HOST, HostEntry::parse),
                new Egress(r.list(EGRESS_ALLOW, Cidr::parse), r.list(EGRESS_DOMAIN, Names::domainName),
                        r.list(EGRESS_TCP_PORT, Numbers::parsePort), r.list(EGRESS_UDP_PORT, Numbers::parsePort)),
                r.value(CREDENTIAL_BROKER, Endpoint::parseV4),
                !r.flag(CREDENTIAL_BROKER_NO_PROXY_ENV),
                new BridgeSettings(r.value(BRIDGE, BridgeSettings::parseName, BridgeSettings.DEFAULT_NAME),
                        r.value(BRIDGE_SUBNET, BridgeSettings::parseSubnet, BridgeSettings.defaults().subnet())));
    }

    private static Security security(ValueReader r) {
        return new Security(
                new SeccompSettings(policy(r, SECCOMP_PROFILE, SECCOMP_PROFILE_SHA256),
                        r.choice(SECCOMP_MODE, SeccompMode.values(), SeccompMode.ENFORCE),
                        r.path(SECCOMP_LOG), r.flag(SECCOMP_LOG_DENIED),
                        r.list(SECCOMP_ALLOW, LaunchRequestParser::syscallName)),
                policy(r, CAPS_POLICY, CAPS_POLICY_SHA256),
                policy(r, LANDLOCK_POLICY, LANDLOCK_POLICY_SHA256),
                r.flag(ALLOW_DEGRADED_SECURITY), r.flag(ALLOW_CHROOT_FALLBACK),
                r.choice(REQUIRE_KERNEL_LOCKDOWN, LockdownLevel.values()),
                r.flag(VERIFY_ROOTFS_ATTESTATION), r.flag(TIME_NAMESPACE), !r.flag(DISABLE_CGROUP_NAMESPACE));
    }

    private static Health health(ValueReader r) {
        Optional<String> exec = r.value(READINESS_EXEC, LaunchRequestParser::nonBlank);
        OptionalInt tcp = r.value(READINESS_TCP, Numbers::parsePort).map(OptionalInt::of).orElse(OptionalInt.empty());
        boolean sd = r.flag(READINESS_SD_NOTIFY);
        Readiness.Kind kind = exec.isPresent() ? Readiness.Kind.EXEC
                : tcp.isPresent() ? Readiness.Kind.TCP : sd ? Readiness.Kind.SD_NOTIFY : Readiness.Kind.NONE;
        return new Health(r.value(HEALTH_CMD, LaunchRequestParser::nonBlank),
                r.number(HEALTH_INTERVAL, 1, 86_400, Health.DEFAULT_INTERVAL),
                (int) r.number(HEALTH_RETRIES, 1, 1000, Health.DEFAULT_RETRIES),
                r.number(HEALTH_START_PERIOD, 0, 86_400, Health.DEFAULT_START_PERIOD),
                r.number(HEALTH_TIMEOUT, 1, 86_400, Health.DEFAULT_TIMEOUT),
                new Readiness(kind, exec, tcp), r.flag(SD_NOTIFY));
    }

    private static Optional<PolicyFile> policy(ValueReader r, LaunchOption file, LaunchOption digest) {
        Optional<String> sha = r.value(digest, Names::sha256);
        return r.path(file).map(p -> new PolicyFile(p, sha));
    }

    private static OptionalInt fd(ValueReader r, LaunchOption option) {
        return r.value(option, t -> {
            int fd = Numbers.parseInt(t, 0, Integer.MAX_VALUE);
            if (fd <= 2) {
                throw new InvalidValueException("fds 0, 1 and 2 are stdio; pass an fd of 3 or more");
            }
            return fd;
        }).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /**
     * A memory limit of at least 6M (Docker's floor too): below it the container's own set-up, charged
     * to its cgroup, is killed by the OOM killer before the workload starts.
     */
    private static ByteSize memoryLimit(String text) throws InvalidValueException {
        ByteSize size = ByteSize.parse(text);
        if (size.bytes() < Resources.MIN_MEMORY) {
            throw new InvalidValueException("a memory limit must be at least 6M");
        }
        return size;
    }

    /** An RFC 1123 name that also fits the UTS namespace: sethostname(2) takes at most 64 bytes. */
    private static String utsHostname(String text) throws InvalidValueException {
        String name = Names.hostname(text);
        if (name.length() > Names.MAX_UTS_HOSTNAME) {
            throw new InvalidValueException("a host name inside the container is at most 64 characters");
        }
        return name;
    }

    private static String nonBlank(String text) throws InvalidValueException {
        if (text.isBlank()) {
            throw new InvalidValueException("must not be empty");
        }
        return text;
    }

    /** {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,31}}, checked without a regex (a run's first costs it the regex engine, cold). */
    private static String identityName(String text) throws InvalidValueException {
        if (!AsciiText.nameCharacters(text, 1, 32) || text.charAt(0) == '.' || text.charAt(0) == '-') {
            throw new InvalidValueException("expected a user or group name, or a numeric id");
        }
        // (uid_t) -1 means "unchanged" to the kernel's set*id calls: not an id a workload can have.
        int zeros = 0;
        while (zeros < text.length() - 1 && text.charAt(zeros) == '0') {
            zeros++;
        }
        String digits = text.substring(zeros);
        if (Identity.isNumeric(text) && (digits.length() > 10 || Long.parseLong(digits) > IdMapping.MAX_ID)) {
            throw new InvalidValueException("a numeric id is at most " + IdMapping.MAX_ID);
        }
        return text;
    }

    private static String syscallName(String text) throws InvalidValueException {
        // [a-z0-9_]{1,64}, by hand (AsciiText: no regex compiled cold)
        if (!AsciiText.wordCharacters(text, 1, 64) || !text.equals(AsciiText.lowerCase(text))) {
            throw new InvalidValueException("expected a syscall name such as io_uring_setup");
        }
        return text;
    }

    private static String credentialName(String text) throws InvalidValueException {
        // [A-Za-z0-9_.@-]{1,255}: the name characters and '@' (AsciiText: no regex compiled cold)
        if (!AsciiText.nameCharacters(text.replace('@', '_'), 1, 255) || text.equals(".") || text.equals("..")) {
            throw new InvalidValueException("expected a credential name without '/'");
        }
        return text;
    }

    private static ContainerPath path(String p) {
        try {
            return ContainerPath.parse(p);
        } catch (InvalidValueException e) {
            throw new IllegalStateException(e);
        }
    }
}
