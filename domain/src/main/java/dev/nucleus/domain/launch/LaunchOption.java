package dev.nucleus.domain.launch;

import static dev.nucleus.domain.launch.Arity.FLAG;
import static dev.nucleus.domain.launch.Arity.LIST;
import static dev.nucleus.domain.launch.Arity.VALUE;
import static dev.nucleus.domain.launch.OptionGroup.FILESYSTEM;
import static dev.nucleus.domain.launch.OptionGroup.GPU;
import static dev.nucleus.domain.launch.OptionGroup.HEALTH;
import static dev.nucleus.domain.launch.OptionGroup.IDENTITY;
import static dev.nucleus.domain.launch.OptionGroup.LIFECYCLE;
import static dev.nucleus.domain.launch.OptionGroup.MODE;
import static dev.nucleus.domain.launch.OptionGroup.NETWORK;
import static dev.nucleus.domain.launch.OptionGroup.RESOURCES;
import static dev.nucleus.domain.launch.OptionGroup.SECURITY;
import static dev.nucleus.domain.launch.OptionGroup.WORKLOAD;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every launch option of {@code nucleus run}/{@code create}: its flag, its config-document key, how
 * it takes values, and its help text. The CLI builds its parser from this table and the config
 * loader its key set, so the two can never drift apart.
 */
public enum LaunchOption {
    SERVICE_MODE("service-mode", VALUE, MODE, "MODE", "agent (default), strict-agent (alias mitos-agent) or production."),
    STRICT_AGENT("strict-agent", FLAG, MODE, null, "Same as --service-mode strict-agent."),
    RUNTIME("runtime", VALUE, MODE, "RUNTIME", "native (default) or gvisor."),
    GVISOR_PLATFORM("gvisor-platform", VALUE, MODE, "PLATFORM", "runsc platform: systrap, kvm or ptrace (default: the best this host supports)."),
    TRUST_LEVEL("trust-level", VALUE, MODE, "LEVEL", "trusted or untrusted (default). Untrusted native workloads are refused outside agent mode."),
    BUNDLE("bundle", VALUE, MODE, "DIR", "OCI bundle directory to use for gVisor (default: generated)."),

    NAME("name", VALUE, WORKLOAD, "NAME", "Container name, unique among containers: 1-128 of [A-Za-z0-9_.-]."),
    HOSTNAME("hostname", VALUE, WORKLOAD, "HOST", "Host name inside the UTS namespace (default: the container name)."),
    ENV("env", 'e', LIST, WORKLOAD, "KEY=VALUE", "Set an environment variable (repeatable). LD_PRELOAD and other loader keys are refused.", "env_vars"),
    ENV_FD("env-fd", VALUE, WORKLOAD, "FD", "Read more environment from this inherited fd: a JSON object or an array of KEY=VALUE (keeps secrets out of argv)."),
    WORKDIR("workdir", VALUE, WORKLOAD, "DIR", "Working directory inside the container (default /, or /workspace with --workspace)."),

    ROOTFS("rootfs", VALUE, FILESYSTEM, "DIR", "Prebuilt root filesystem (a Nix closure), mounted read-only instead of host binds."),
    ROOTFS_MODE("rootfs-mode", VALUE, FILESYSTEM, "MODE", "bind (default) or overlay (writable private upper layer; native only)."),
    ROOTFS_LAYER("rootfs-layer", VALUE, FILESYSTEM, "SHA256:DIR", "Set by image run: the image layer above the rootfs, with its signed digest.", true),
    AGENT_TOOLCHAIN_ROOTFS("agent-toolchain-rootfs", VALUE, FILESYSTEM, "DIR", "Pinned agent toolchain rootfs, mounted like --rootfs; not in production."),
    CONTEXT("context", VALUE, FILESYSTEM, "DIR", "Host directory populated at /context."),
    CONTEXT_MODE("context-mode", VALUE, FILESYSTEM, "MODE", "copy (default; a filtered copy: no symlink, special file or excluded name) or bind (read-only; refused if the tree holds a symlink or special file, or is deeper than 128 levels)."),
    WORKSPACE("workspace", VALUE, FILESYSTEM, "DIR", "Host directory mounted at /workspace."),
    WORKSPACE_MODE("workspace-mode", VALUE, FILESYSTEM, "MODE", "bind-rw (default), bind-ro or copy-in-out."),
    WORKSPACE_EXEC("workspace-exec", FLAG, FILESYSTEM, null, "Allow executing files from /workspace (mount without noexec, Landlock execute)."),
    HOME("home", VALUE, FILESYSTEM, "DIR", "Private tmpfs home inside the container (default /home/agent)."),
    PROVIDER_CONFIG_RO("provider-config-ro", LIST, FILESYSTEM, "SRC:DEST", "Bind a provider config read-only under the home directory (repeatable)."),
    PROVIDER_CONFIG_RW("provider-config-rw", LIST, FILESYSTEM, "SRC:DEST", "Bind a provider config read-write under the home directory (repeatable)."),
    VOLUME("volume", 'v', LIST, FILESYSTEM, "SRC:DEST[:ro|rw]", "Bind a host path (repeatable; read-write unless :ro)."),
    TMPFS("tmpfs", LIST, FILESYSTEM, "DEST[:SIZE][:ro|rw]", "Mount an ephemeral tmpfs (repeatable; 64M by default)."),
    SECRET("secret", LIST, FILESYSTEM, "SRC:DEST", "Copy a secret into the in-memory /run/secrets and bind it at DEST, mode 0400 (repeatable; 16 MiB in all)."),
    SECRETS_FD("secrets-fd", VALUE, FILESYSTEM, "FD", "Read a JSON array of SRC:DEST secrets from this inherited fd.", true),
    SYSTEMD_CREDENTIAL("systemd-credential", LIST, FILESYSTEM, "NAME:DEST", "Mount a systemd credential from $CREDENTIALS_DIRECTORY at DEST (repeatable)."),
    PROC_RW("proc-rw", FLAG, FILESYSTEM, null, "Leave /proc writable (default: read-only)."),

    USER("user", 'u', VALUE, IDENTITY, "USER", "Run the workload as this user name or uid."),
    GROUP("group", VALUE, IDENTITY, "GROUP", "Run the workload with this group name or gid (required with a numeric --user)."),
    ADDITIONAL_GROUP("additional-group", LIST, IDENTITY, "GROUP", "Supplementary group (repeatable)."),
    ROOTLESS("rootless", FLAG, IDENTITY, null, "Run in a user namespace (mapping chosen by --userns)."),
    USERNS("userns", VALUE, IDENTITY, "MODE", "nomap (default), keep-id or auto; anything but nomap implies --rootless."),
    UIDMAP("uidmap", LIST, IDENTITY, "C:H:N", "Explicit uid mapping (repeatable; needs --gidmap)."),
    GIDMAP("gidmap", LIST, IDENTITY, "C:H:N", "Explicit gid mapping (repeatable; needs --uidmap)."),

    MEMORY("memory", 'm', VALUE, RESOURCES, "SIZE", "Memory limit such as 512M or 1G (required in production)."),
    SWAP("swap", FLAG, RESOURCES, null, "Allow swap (default: swap limited to 0 when --memory is set)."),
    CPUS("cpus", VALUE, RESOURCES, "CORES", "CPU limit in cores, such as 2 or 0.5."),
    CPU_WEIGHT("cpu-weight", VALUE, RESOURCES, "WEIGHT", "Relative CPU weight, 1-10000."),
    PIDS("pids", VALUE, RESOURCES, "N", "Process limit (default 512; 0 = unlimited)."),
    IO_LIMIT("io-limit", LIST, RESOURCES, "\"MAJ:MIN riops= wiops= rbps= wbps=\"", "Block I/O throttle for one device (repeatable)."),
    MEMLOCK("memlock", VALUE, RESOURCES, "SIZE", "RLIMIT_MEMLOCK (default 64K; io_uring needs about 8M)."),
    CGROUP_PARENT("cgroup-parent", VALUE, RESOURCES, "PATH", "Make the container's cgroup under this relative path beneath your own cgroup (default nucleus)."),

    NETWORK("network", VALUE, OptionGroup.NETWORK, "MODE", "none (default), host, bridge or gvisor-host."),
    ALLOW_HOST_NETWORK("allow-host-network", FLAG, OptionGroup.NETWORK, null, "Required for --network host and gvisor-host."),
    BRIDGE("bridge", VALUE, OptionGroup.NETWORK, "NAME", "The bridge of --network bridge (default nucleus0)."),
    BRIDGE_SUBNET("bridge-subnet", VALUE, OptionGroup.NETWORK, "CIDR", "Its IPv4 subnet, /8 to /30 (default 10.0.42.0/24; the gateway is the first address)."),
    NAT_BACKEND("nat-backend", VALUE, OptionGroup.NETWORK, "BACKEND", "auto (default), kernel or userspace (slirp4netns)."),
    PUBLISH("publish", 'p', LIST, OptionGroup.NETWORK, "[IP:]HOST:CONTAINER[/PROTO]", "Forward a host port to the container (bridge only; repeatable)."),
    DNS("dns", LIST, OptionGroup.NETWORK, "IP", "Name server for the container's resolv.conf (repeatable)."),
    ADD_HOST("add-host", LIST, OptionGroup.NETWORK, "NAME:IP", "Add a line to the container's /etc/hosts (repeatable)."),
    EGRESS_ALLOW("egress-allow", LIST, OptionGroup.NETWORK, "CIDR", "Allow egress to this IPv4 or IPv6 network (repeatable)."),
    EGRESS_DOMAIN("egress-domain", LIST, OptionGroup.NETWORK, "FQDN", "Allow egress to the addresses this name resolves to at start (repeatable)."),
    EGRESS_TCP_PORT("egress-tcp-port", LIST, OptionGroup.NETWORK, "PORT", "Restrict allowed egress to these TCP ports (repeatable)."),
    EGRESS_UDP_PORT("egress-udp-port", LIST, OptionGroup.NETWORK, "PORT", "Restrict allowed egress to these UDP ports (repeatable)."),
    CREDENTIAL_BROKER("credential-broker", VALUE, OptionGroup.NETWORK, "IPv4:PORT", "Broker-only egress: the container may reach only this proxy."),
    CREDENTIAL_BROKER_NO_PROXY_ENV("credential-broker-no-proxy-env", FLAG, OptionGroup.NETWORK, null, "Do not set HTTP(S)_PROXY for the broker (alias --no-broker-proxy-env)."),

    SECCOMP_PROFILE("seccomp-profile", VALUE, SECURITY, "FILE", "OCI or Docker seccomp profile (JSON)."),
    SECCOMP_PROFILE_SHA256("seccomp-profile-sha256", VALUE, SECURITY, "HEX", "Expected SHA-256 of the seccomp profile's bytes."),
    SECCOMP_MODE("seccomp-mode", VALUE, SECURITY, "MODE", "enforce (default) or trace (log every syscall; agent mode, native only)."),
    SECCOMP_LOG("seccomp-log", VALUE, SECURITY, "FILE", "Where trace mode writes its NDJSON syscall log."),
    SECCOMP_LOG_DENIED("seccomp-log-denied", FLAG, SECURITY, null, "Log denied syscalls (SECCOMP_FILTER_FLAG_LOG)."),
    SECCOMP_ALLOW("seccomp-allow", LIST, SECURITY, "SYSCALL", "Allow an opt-in syscall on top of the default filter (repeatable)."),
    CAPS_POLICY("caps-policy", VALUE, SECURITY, "FILE", "Capability policy (TOML)."),
    CAPS_POLICY_SHA256("caps-policy-sha256", VALUE, SECURITY, "HEX", "Expected SHA-256 of the capability policy's bytes."),
    LANDLOCK_POLICY("landlock-policy", VALUE, SECURITY, "FILE", "Landlock policy (TOML)."),
    LANDLOCK_POLICY_SHA256("landlock-policy-sha256", VALUE, SECURITY, "HEX", "Expected SHA-256 of the Landlock policy's bytes."),
    ALLOW_DEGRADED_SECURITY("allow-degraded-security", FLAG, SECURITY, null, "Warn instead of failing when seccomp or Landlock cannot be applied (agent only)."),
    ALLOW_CHROOT_FALLBACK("allow-chroot-fallback", FLAG, SECURITY, null, "Fall back to chroot if pivot_root fails (agent only)."),
    REQUIRE_KERNEL_LOCKDOWN("require-kernel-lockdown", VALUE, SECURITY, "LEVEL", "Refuse to start unless the kernel is locked down: integrity or confidentiality."),
    VERIFY_CONTEXT_INTEGRITY("verify-context-integrity", FLAG, SECURITY, null, "Hash the context source and verify /context after populating it."),
    VERIFY_ROOTFS_ATTESTATION("verify-rootfs-attestation", FLAG, SECURITY, null, "Check the rootfs's .nucleus-rootfs-sha256 manifest against its files before the launch."),
    TIME_NAMESPACE("time-namespace", FLAG, SECURITY, null, "Give the container its own time namespace."),
    DISABLE_CGROUP_NAMESPACE("disable-cgroup-namespace", FLAG, SECURITY, null, "Do not create a cgroup namespace."),

    HEALTH_CMD("health-cmd", VALUE, HEALTH, "CMD", "Health check, run as /bin/sh -c CMD inside the container."),
    HEALTH_INTERVAL("health-interval", VALUE, HEALTH, "SECONDS", "Seconds between health checks (default 30)."),
    HEALTH_RETRIES("health-retries", VALUE, HEALTH, "N", "Consecutive failures before the container is unhealthy (default 3)."),
    HEALTH_START_PERIOD("health-start-period", VALUE, HEALTH, "SECONDS", "Grace period before the first health check (default 5)."),
    HEALTH_TIMEOUT("health-timeout", VALUE, HEALTH, "SECONDS", "A health check that runs longer fails (default 30)."),
    READINESS_EXEC("readiness-exec", VALUE, HEALTH, "CMD", "Readiness probe command."),
    READINESS_TCP("readiness-tcp", VALUE, HEALTH, "PORT", "Readiness probe: a TCP port that accepts connections."),
    READINESS_SD_NOTIFY("readiness-sd-notify", FLAG, HEALTH, null, "The workload reports readiness itself through sd_notify."),
    SD_NOTIFY("sd-notify", FLAG, HEALTH, null, "Pass NOTIFY_SOCKET through to the workload."),

    DETACH("detach", 'd', FLAG, LIFECYCLE, null, "Run in the background and print the container id."),
    RESTART("restart", VALUE, LIFECYCLE, "POLICY", "With --detach: no (default), or on-failure[:MAX] to restart a workload that exits non-zero or turns unhealthy."),
    KEEP("keep", FLAG, LIFECYCLE, null, "Keep the container's state after a foreground run exits (until nucleus rm)."),
    PID_FILE("pid-file", VALUE, LIFECYCLE, "FILE", "Write the container's pid to this file."),
    TERMINAL("terminal", 't', FLAG, LIFECYCLE, null, "Allocate a pseudo-terminal for the workload."),
    CONSOLE_SOCKET("console-socket", VALUE, LIFECYCLE, "SOCKET", "Send the pty master over this AF_UNIX socket (implies --terminal)."),
    HOOKS("hooks", VALUE, LIFECYCLE, "FILE", "OCI hooks (JSON)."),
    QUIET_ID("quiet-id", FLAG, LIFECYCLE, null, "Do not print the container id.", true),
    TOPOLOGY_MEMBER("topology-member", VALUE, LIFECYCLE, "TOPOLOGY/SERVICE/DIGEST", "Set by compose up: the service this container runs.", true),

    GPU_VENDOR("gpu", VALUE, GPU, "VENDOR", "Pass GPUs through: auto, nvidia, amd, intel or all (not in production)."),
    GPU_DEVICE("gpu-device", LIST, GPU, "PATH", "Explicit GPU device node (repeatable; skips discovery)."),
    GPU_DRIVER_CAPABILITIES("gpu-driver-capabilities", VALUE, GPU, "CAPS", "NVIDIA_DRIVER_CAPABILITIES (default compute,utility)."),
    GPU_VISIBLE_DEVICES("gpu-visible-devices", VALUE, GPU, "DEVICES", "NVIDIA_VISIBLE_DEVICES (default all)."),
    NO_GPU_DRIVER_LIBS("no-gpu-driver-libs", FLAG, GPU, null, "With --rootfs: leave NVIDIA driver libraries to the rootfs (required; the host view already has the host's).");

    /** The key of the workload command in a config document. */
    public static final String COMMAND_KEY = "command";

    private static final String NO_BROKER_PROXY_ENV_ALIAS = "--no-broker-proxy-env";

    private final String longName;
    private final char shortName;
    private final Arity arity;
    private final OptionGroup group;
    private final String paramLabel;
    private final String description;
    private final List<String> extraConfigKeys;
    private final boolean hidden;

    LaunchOption(String longName, Arity arity, OptionGroup group, String paramLabel, String description) {
        this(longName, '\0', arity, group, paramLabel, description, List.of(), false);
    }

    LaunchOption(String longName, Arity arity, OptionGroup group, String paramLabel, String description, boolean hidden) {
        this(longName, '\0', arity, group, paramLabel, description, List.of(), hidden);
    }

    LaunchOption(String longName, char shortName, Arity arity, OptionGroup group, String paramLabel, String description) {
        this(longName, shortName, arity, group, paramLabel, description, List.of(), false);
    }

    LaunchOption(String longName, char shortName, Arity arity, OptionGroup group, String paramLabel,
                 String description, String extraConfigKey) {
        this(longName, shortName, arity, group, paramLabel, description, List.of(extraConfigKey), false);
    }

    LaunchOption(String longName, char shortName, Arity arity, OptionGroup group, String paramLabel,
                 String description, List<String> extraConfigKeys, boolean hidden) {
        this.longName = longName;
        this.shortName = shortName;
        this.arity = arity;
        this.group = group;
        this.paramLabel = paramLabel;
        this.description = description;
        this.extraConfigKeys = extraConfigKeys;
        this.hidden = hidden;
    }

    /** The flag as typed: {@code --memory}. */
    public String flag() {
        return "--" + longName;
    }

    public String longName() {
        return longName;
    }

    /** Other long flags that name this option (the reference's {@code --no-broker-proxy-env}). */
    public List<String> aliasFlags() {
        return this == CREDENTIAL_BROKER_NO_PROXY_ENV ? List.of(NO_BROKER_PROXY_ENV_ALIAS) : List.of();
    }

    public Optional<String> shortFlag() {
        return shortName == '\0' ? Optional.empty() : Optional.of("-" + shortName);
    }

    public Arity arity() {
        return arity;
    }

    public OptionGroup group() {
        return group;
    }

    public String paramLabel() {
        return paramLabel;
    }

    public String description() {
        return description;
    }

    public boolean hidden() {
        return hidden;
    }

    /** The snake_case key of this option in a config document. */
    public String configKey() {
        return longName.replace('-', '_');
    }

    /** The primary key followed by accepted aliases (the reference's {@code env_vars} for {@code env}). */
    public List<String> configKeys() {
        if (extraConfigKeys.isEmpty()) {
            return List.of(configKey());
        }
        var keys = new java.util.ArrayList<String>();
        keys.add(configKey());
        keys.addAll(extraConfigKeys);
        return List.copyOf(keys);
    }

    /**
     * The option a flag as typed names: {@code --memory}, {@code -m}, or an alias flag. Found by
     * looking, not through a table: a launch names a few options, and building a table of all of
     * them (each flag a string made and hashed, cold) cost a start with options about a millisecond.
     */
    public static Optional<LaunchOption> byFlag(String flag) {
        if (flag.length() == 2 && flag.charAt(0) == '-' && flag.charAt(1) != '-') {
            for (LaunchOption o : values()) {
                if (o.shortName == flag.charAt(1)) {
                    return Optional.of(o);
                }
            }
        } else if (flag.startsWith("--")) {
            for (LaunchOption o : values()) {
                if (flag.length() == o.longName.length() + 2 && flag.startsWith(o.longName, 2)) {
                    return Optional.of(o);
                }
            }
            if (flag.equals(NO_BROKER_PROXY_ENV_ALIAS)) {
                return Optional.of(CREDENTIAL_BROKER_NO_PROXY_ENV);
            }
        }
        return Optional.empty();
    }

    public static Optional<LaunchOption> byConfigKey(String key) {
        return Optional.ofNullable(ConfigKeys.BY_KEY.get(key));
    }

    /** Every config key, for "did you mean" suggestions. */
    public static List<String> allConfigKeys() {
        var keys = new java.util.ArrayList<>(ConfigKeys.BY_KEY.keySet());
        keys.add(COMMAND_KEY);
        keys.sort(null);
        return keys;
    }

    /**
     * The config-document keys, made on first use: only a config document or a suggestion reads
     * them, and a plain launch would otherwise pay for every key's snake_case copy and hash as this
     * enum initialises (a few hundred microseconds of cold code at each start).
     */
    private static final class ConfigKeys {
        static final Map<String, LaunchOption> BY_KEY = new HashMap<>();

        static {
            for (LaunchOption o : values()) {
                for (String k : o.configKeys()) {
                    BY_KEY.put(k, o);
                }
            }
        }

        private ConfigKeys() {
        }
    }
}
