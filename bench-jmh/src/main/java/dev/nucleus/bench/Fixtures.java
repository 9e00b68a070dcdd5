package dev.nucleus.bench;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.ports.service.LaunchResolution;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requests and adapter findings every benchmark starts from: fixed values, nothing read from
 * the host. The agent request is the hot path's {@code nucleus run -- /bin/true}; the production
 * one is {@code examples/production.nucleus.toml} as flags.
 */
final class Fixtures {
    /** Launched by root, as the CLI's invoker for {@code sudo nucleus run}. */
    static final Invoker ROOT = new Invoker(0, 0);

    /**
     * Size of the compiled seccomp program handed to the plan: about 400 BPF instructions of 8 bytes,
     * the order of the default profile's compiled filter. Its bytes are only copied.
     */
    static final int SECCOMP_PROGRAM_BYTES = 400 * 8;

    private Fixtures() {
    }

    /** {@code nucleus run -- /bin/true}: every option defaulted. */
    static RawLaunchRequest agentRequest() {
        return new RawLaunchRequest(Map.of(), List.of("/bin/true"), RawLaunchRequest.Origin.FLAGS);
    }

    /** A long-running service: rootfs, limits, bridge network with egress allowlist, health check. */
    static RawLaunchRequest productionRequest() {
        Map<LaunchOption, List<String>> v = new EnumMap<>(LaunchOption.class);
        v.put(LaunchOption.NAME, List.of("web"));
        v.put(LaunchOption.SERVICE_MODE, List.of("production"));
        v.put(LaunchOption.TRUST_LEVEL, List.of("trusted"));
        v.put(LaunchOption.RUNTIME, List.of("native"));
        v.put(LaunchOption.ROOTFS, List.of("/nix/var/nix/gcroots/nucleus/web-rootfs"));
        v.put(LaunchOption.VERIFY_ROOTFS_ATTESTATION, List.of("true"));
        v.put(LaunchOption.MEMORY, List.of("1G"));
        v.put(LaunchOption.CPUS, List.of("2"));
        v.put(LaunchOption.PIDS, List.of("256"));
        v.put(LaunchOption.NETWORK, List.of("bridge"));
        v.put(LaunchOption.DNS, List.of("10.0.0.53"));
        v.put(LaunchOption.EGRESS_ALLOW, List.of("10.0.0.0/8"));
        v.put(LaunchOption.EGRESS_TCP_PORT, List.of("443", "8443"));
        v.put(LaunchOption.PUBLISH, List.of("127.0.0.1:8080:8080"));
        v.put(LaunchOption.HEALTH_CMD, List.of("wget -q -O /dev/null http://127.0.0.1:8080/health"));
        v.put(LaunchOption.HEALTH_INTERVAL, List.of("30"));
        v.put(LaunchOption.HEALTH_RETRIES, List.of("3"));
        v.put(LaunchOption.SD_NOTIFY, List.of("true"));
        v.put(LaunchOption.VOLUME, List.of("/var/lib/web:/var/lib/web:rw"));
        v.put(LaunchOption.ENV, List.of("CONFIG_PATH=/etc/web/config.toml"));
        return new RawLaunchRequest(v, List.of("/bin/web", "--config", "/etc/web/config.toml"),
                RawLaunchRequest.Origin.FLAGS);
    }

    static ContainerSpec resolve(RawLaunchRequest raw) {
        try {
            return new LaunchResolution().resolve(raw, ROOT);
        } catch (InvalidRequestException e) {
            throw new IllegalStateException("benchmark fixture does not resolve: " + e.getMessage(), e);
        }
    }

    /** What the native backend finds for the agent request: host system dirs (merged /usr), a tmpfs /etc. */
    static PlanInputs agentInputs() {
        return new PlanInputs("c1", "/run/nucleus/c1/root", List.of(
                new PlanInputs.TopLevelEntry("usr", "/usr", Optional.empty()),
                new PlanInputs.TopLevelEntry("bin", "/bin", Optional.of("usr/bin")),
                new PlanInputs.TopLevelEntry("sbin", "/sbin", Optional.of("usr/sbin")),
                new PlanInputs.TopLevelEntry("lib", "/lib", Optional.of("usr/lib")),
                new PlanInputs.TopLevelEntry("lib64", "/lib64", Optional.of("usr/lib64"))),
                new PlanInputs.Workload(0, 0, List.of()), "/usr/bin/true",
                List.of("PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/agent", "HOSTNAME=c1", "TERM=xterm"),
                Optional.of(new byte[SECCOMP_PROGRAM_BYTES]), 7,
                List.of(new PlanInputs.EtcFile("hostname", "c1\n"),
                        new PlanInputs.EtcFile("hosts", "127.0.0.1 localhost\n::1 localhost\n127.0.1.1 c1\n"),
                        new PlanInputs.EtcFile("resolv.conf", ""),
                        new PlanInputs.EtcFile("passwd", "root:x:0:0:root:/root:/bin/sh\n"),
                        new PlanInputs.EtcFile("group", "root:x:0:\n")),
                List.of(new PlanInputs.EtcBind("/etc/alternatives", "/etc/alternatives", true),
                        new PlanInputs.EtcBind("/etc/ssl/certs", "/etc/ssl/certs", true),
                        new PlanInputs.EtcBind("/etc/localtime", "/etc/localtime", false)),
                Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(), List.of());
    }

    /** What it finds for the production request: the rootfs's own top-level entries, its /etc, one volume. */
    static PlanInputs productionInputs() {
        String rootfs = "/nix/var/nix/gcroots/nucleus/web-rootfs";
        return new PlanInputs("web", "/run/nucleus/web/root", List.of(
                new PlanInputs.TopLevelEntry("bin", rootfs + "/bin", Optional.empty()),
                new PlanInputs.TopLevelEntry("etc", rootfs + "/etc", Optional.empty()),
                new PlanInputs.TopLevelEntry("lib", rootfs + "/lib", Optional.empty()),
                new PlanInputs.TopLevelEntry("sbin", rootfs + "/sbin", Optional.empty()),
                new PlanInputs.TopLevelEntry("usr", rootfs + "/usr", Optional.empty()),
                new PlanInputs.TopLevelEntry("var", rootfs + "/var", Optional.empty())),
                new PlanInputs.Workload(0, 0, List.of()), "/bin/web",
                List.of("PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/agent", "HOSTNAME=web",
                        "CONFIG_PATH=/etc/web/config.toml", "NOTIFY_SOCKET=/run/nucleus/notify/sock"),
                Optional.of(new byte[SECCOMP_PROGRAM_BYTES]), 7,
                List.of(new PlanInputs.EtcFile("hostname", "web\n"),
                        new PlanInputs.EtcFile("hosts", "127.0.0.1 localhost\n::1 localhost\n10.0.42.2 web\n"),
                        new PlanInputs.EtcFile("resolv.conf", "nameserver 10.0.0.53\n")),
                List.of(), Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(),
                List.of(new PlanInputs.VolumeSource("/var/lib/web", true)));
    }
}
