package dev.nucleus.domain.launch;

import static dev.nucleus.domain.launch.LaunchOption.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.RawLaunchRequest.Origin;
import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.spec.*;
import dev.nucleus.domain.value.*;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LaunchRequestParserTest {
    private static final List<String> COMMAND = List.of("/bin/sh", "-c", "echo hi");

    /** A request under construction: option values plus the command. */
    private static final class Req {
        final Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        List<String> command = COMMAND;

        Req with(LaunchOption option, String... texts) {
            values.put(option, List.of(texts));
            return this;
        }

        Req command(String... argv) {
            command = List.of(argv);
            return this;
        }

        RawLaunchRequest raw(Origin origin) {
            return new RawLaunchRequest(values, command, origin);
        }

        LaunchRequest parse() throws InvalidRequestException {
            return LaunchRequestParser.parse(raw(Origin.FLAGS));
        }

        List<Problem> problems(Origin origin) {
            return assertThrows(InvalidRequestException.class, () -> LaunchRequestParser.parse(raw(origin)))
                    .problems();
        }

        List<Problem> problems() {
            return problems(Origin.FLAGS);
        }
    }

    private static Req req() {
        return new Req();
    }

    private static ContainerPath path(String p) {
        try {
            return ContainerPath.parse(p);
        } catch (InvalidValueException e) {
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void theWorkdirDefaultsToTheWorkspaceOnlyWhenOneIsMounted() throws InvalidRequestException {
        assertEquals(path("/workspace"), LaunchRequestParser.parse(new RawLaunchRequest(
                Map.of(WORKSPACE, List.of("/srv/project")), COMMAND, RawLaunchRequest.Origin.FLAGS))
                .workload().workdir());
        assertEquals(path("/"), LaunchRequestParser.parse(new RawLaunchRequest(Map.of(), COMMAND,
                RawLaunchRequest.Origin.FLAGS)).workload().workdir());
    }

    @Test
    void fillsInEveryDefault() throws InvalidRequestException {
        LaunchRequest expected = new LaunchRequest(
                ServiceMode.AGENT, Optional.empty(), Optional.empty(),
                new Workload(COMMAND, List.of(), OptionalInt.empty(), path("/")),
                new Filesystem(RootfsSource.hostBinds(), Optional.empty(), Optional.empty(), path("/home/agent"),
                        List.of(), List.of(), List.of(), List.of(), List.of(), false),
                new Identity(Optional.empty(), Optional.empty(), List.of()),
                new UserNamespaceRequest(false, UsernsMode.NOMAP, List.of(), List.of()),
                new Resources(Optional.empty(), false, Optional.empty(), OptionalInt.empty(), 512,
                        List.of(), new ByteSize(65536)),
                new RuntimeSelection(RuntimeKind.NATIVE, Optional.empty(), TrustLevel.UNTRUSTED, Optional.empty()),
                new Network(NetworkMode.NONE, false, NatBackend.AUTO, List.of(), List.of(), List.of(),
                        new Egress(List.of(), List.of(), List.of(), List.of()), Optional.empty(), true,
                        BridgeSettings.defaults()),
                new Security(new SeccompSettings(Optional.empty(), SeccompMode.ENFORCE, Optional.empty(), false,
                        List.of()), Optional.empty(), Optional.empty(), false, false, Optional.empty(), false,
                        false, true),
                new Health(Optional.empty(), 30, 3, 5, 30, Readiness.none(), false),
                new Lifecycle(false, false, false, Optional.empty(), false, Optional.empty(), Optional.empty(),
                        dev.nucleus.domain.spec.RestartPolicy.NO, Optional.empty()),
                new Gpu(Optional.empty(), List.of(), "compute,utility", "all", true));
        assertEquals(expected, req().parse());
        assertEquals(expected, LaunchRequestParser.parse(req().raw(Origin.CONFIG_DOCUMENT)));
    }

    @Test
    void flagsSetToFalseAreTheDefaults() throws InvalidRequestException {
        Req r = req();
        for (LaunchOption o : LaunchOption.values()) {
            if (o.arity() == Arity.FLAG) {
                r.with(o, "false");
            }
        }
        assertEquals(req().parse(), r.parse());
    }

    // ---------------------------------------------------------------- typed values

    /** The names' character classes at their edges (checked by hand, as [a-z0-9_]{1,64} and [A-Za-z0-9_.@-]{1,255}). */
    @Test
    void syscallAndCredentialNamesAtTheEdgesOfTheirClasses() throws Exception {
        LaunchRequest r = req().with(SECCOMP_ALLOW, "4_io", "a".repeat(64))
                .with(SYSTEMD_CREDENTIAL, "Db.pass-2_x@host:/etc/a", "x".repeat(255) + ":/etc/b").parse();
        assertEquals(List.of("4_io", "a".repeat(64)), r.security().seccomp().extraSyscalls());
        assertEquals(List.of(new SystemdCredential("Db.pass-2_x@host", path("/etc/a")),
                new SystemdCredential("x".repeat(255), path("/etc/b"))), r.filesystem().credentials());
    }

    @Test
    void parsesTypedValues() throws Exception {
        LaunchRequest r = req()
                .with(SERVICE_MODE, "production").with(NAME, "web-1").with(HOSTNAME, "web")
                .with(ENV, "A=1", "B=x=y").with(ENV_FD, "3").with(WORKDIR, "/srv//app/")
                .with(ROOTFS, "/nix/store/abc-rootfs").with(ROOTFS_MODE, "overlay")
                .with(CONTEXT, "./ctx").with(CONTEXT_MODE, "bind").with(VERIFY_CONTEXT_INTEGRITY, "true")
                .with(WORKSPACE, "/src").with(WORKSPACE_MODE, "bind-ro").with(WORKSPACE_EXEC, "true")
                .with(HOME, "/home/me").with(PROVIDER_CONFIG_RO, "/h/gh:.config/gh")
                .with(PROVIDER_CONFIG_RW, "/h/x:/abs/x")
                .with(VOLUME, "/srv/data:/data:ro").with(TMPFS, "/scratch:256M")
                .with(SECRET, "/h/token:/run/secrets/token").with(SYSTEMD_CREDENTIAL, "db-pass:/etc/db-pass")
                .with(USER, "1000").with(GROUP, "1000").with(ADDITIONAL_GROUP, "wheel", "video")
                .with(ROOTLESS, "true").with(USERNS, "keep-id").with(UIDMAP, "0:100000:65536")
                .with(GIDMAP, "0:100000:65536")
                .with(MEMORY, "1G").with(SWAP, "true").with(CPUS, "1.5").with(CPU_WEIGHT, "200").with(PIDS, "0")
                .with(IO_LIMIT, "8:0 wbps=10M").with(MEMLOCK, "8M")
                .with(LaunchOption.NETWORK, "bridge").with(NAT_BACKEND, "userspace")
                .with(PUBLISH, "127.0.0.1:8080:80").with(DNS, "1.1.1.1", "fd00::53")
                .with(ADD_HOST, "db:10.0.0.5").with(EGRESS_ALLOW, "10.0.0.0/8").with(EGRESS_DOMAIN, "API.example.com")
                .with(EGRESS_TCP_PORT, "443").with(EGRESS_UDP_PORT, "53")
                .with(CREDENTIAL_BROKER, "10.0.42.1:8080").with(CREDENTIAL_BROKER_NO_PROXY_ENV, "true")
                .with(SECCOMP_PROFILE, "/p/seccomp.json")
                .with(SECCOMP_PROFILE_SHA256, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
                .with(SECCOMP_ALLOW, "io_uring_setup").with(REQUIRE_KERNEL_LOCKDOWN, "integrity")
                .with(DISABLE_CGROUP_NAMESPACE, "true")
                .with(HEALTH_CMD, "curl -f localhost").with(HEALTH_INTERVAL, "10").with(HEALTH_RETRIES, "5")
                .with(HEALTH_START_PERIOD, "0").with(READINESS_TCP, "8080")
                .with(CONSOLE_SOCKET, "/run/console.sock")
                .with(GPU_VENDOR, "nvidia").with(GPU_DRIVER_CAPABILITIES, "compute").with(NO_GPU_DRIVER_LIBS, "true")
                .parse();

        assertEquals(ServiceMode.PRODUCTION, r.serviceMode());
        assertEquals(Optional.of("web-1"), r.name());
        assertEquals(Optional.of("web"), r.hostname());
        assertEquals(List.of(new EnvVar("A", "1"), new EnvVar("B", "x=y")), r.workload().env());
        assertEquals(OptionalInt.of(3), r.workload().envFd());
        assertEquals(path("/srv/app"), r.workload().workdir());
        assertEquals(new RootfsSource(RootfsSource.Kind.ROOTFS, Optional.of(new HostPath("/nix/store/abc-rootfs")),
                RootfsMode.OVERLAY), r.filesystem().rootfs());
        assertEquals(Optional.of(new Context(new HostPath("./ctx"), ContextMode.BIND, true)), r.filesystem().context());
        assertEquals(Optional.of(new Workspace(new HostPath("/src"), WorkspaceMode.BIND_RO, true)),
                r.filesystem().workspace());
        assertEquals(List.of(new ProviderConfig(new HostPath("/h/gh"), path("/home/me/.config/gh"), true),
                new ProviderConfig(new HostPath("/h/x"), path("/abs/x"), false)), r.filesystem().providerConfigs());
        assertEquals(List.of(new VolumeMount(new HostPath("/srv/data"), path("/data"), true)), r.filesystem().volumes());
        assertEquals(List.of(new TmpfsMount(path("/scratch"), new ByteSize(256L << 20), false)), r.filesystem().tmpfs());
        assertEquals(List.of(new Secret(new HostPath("/h/token"), path("/run/secrets/token"))), r.filesystem().secrets());
        assertEquals(List.of(new SystemdCredential("db-pass", path("/etc/db-pass"))), r.filesystem().credentials());
        assertEquals(new Identity(Optional.of("1000"), Optional.of("1000"), List.of("wheel", "video")), r.identity());
        assertEquals(new UserNamespaceRequest(true, UsernsMode.KEEP_ID, List.of(new IdMapping(0, 100000, 65536)),
                List.of(new IdMapping(0, 100000, 65536))), r.userNamespace());
        assertEquals(new Resources(Optional.of(new ByteSize(1L << 30)), true, Optional.of(new CpuQuota(1500)),
                OptionalInt.of(200), 0, List.of(IoLimit.parse("8:0 wbps=10M")), new ByteSize(8L << 20)), r.resources());
        assertEquals(new Network(NetworkMode.BRIDGE, false, NatBackend.USERSPACE,
                List.of(PortMapping.parse("127.0.0.1:8080:80")),
                List.of(IpAddress.parse("1.1.1.1"), IpAddress.parse("fd00::53")),
                List.of(HostEntry.parse("db:10.0.0.5")),
                new Egress(List.of(Cidr.parse("10.0.0.0/8")), List.of("api.example.com"), List.of(443), List.of(53)),
                Optional.of(Endpoint.parseV4("10.0.42.1:8080")), false, BridgeSettings.defaults()), r.network());
        assertEquals(Optional.of(new PolicyFile(new HostPath("/p/seccomp.json"),
                        Optional.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))),
                r.security().seccomp().profile());
        assertEquals(List.of("io_uring_setup"), r.security().seccomp().extraSyscalls());
        assertEquals(Optional.of(LockdownLevel.INTEGRITY), r.security().requiredLockdown());
        assertFalse(r.security().cgroupNamespace());
        assertEquals(new Health(Optional.of("curl -f localhost"), 10, 5, 0, 30,
                new Readiness(Readiness.Kind.TCP, Optional.empty(), OptionalInt.of(8080)), false), r.health());
        assertTrue(r.lifecycle().terminal(), "--console-socket implies --terminal");
        assertEquals(Optional.of(new HostPath("/run/console.sock")), r.lifecycle().consoleSocket());
        assertEquals(new Gpu(Optional.of(GpuVendor.NVIDIA), List.of(), "compute", "all", false), r.gpu());
    }

    /** image run's hidden --rootfs-layer: a digest and a directory, over an overlay rootfs only. */
    @Test
    void anImageLayerNeedsAnOverlayRootfsAndADigest() throws InvalidRequestException {
        String digest = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        RootfsSource layered = req().with(ROOTFS, "/srv/rootfs").with(ROOTFS_MODE, "overlay")
                .with(ROOTFS_LAYER, digest + ":/images/web/diff").parse().filesystem().rootfs();
        assertEquals(Optional.of(new dev.nucleus.domain.spec.ImageLayer(new HostPath("/images/web/diff"), digest)),
                layered.layer());
        assertEquals(List.of(new Problem("--rootfs-layer", "needs --rootfs-mode overlay: an image layer lies between"
                        + " the rootfs and the container's writable layer")),
                req().with(ROOTFS, "/srv/rootfs").with(ROOTFS_LAYER, digest + ":/images/web/diff").problems());
        assertEquals("--rootfs-layer", req().with(ROOTFS, "/srv/rootfs").with(ROOTFS_MODE, "overlay")
                .with(ROOTFS_LAYER, "abc:/images/web/diff").problems().getFirst().subject());
        assertEquals(Optional.empty(), req().with(ROOTFS, "/srv/rootfs").parse().filesystem().rootfs().layer());
    }

    @Test
    void agentToolchainRootfsIsItsOwnKind() throws InvalidRequestException {
        assertEquals(new RootfsSource(RootfsSource.Kind.AGENT_TOOLCHAIN, Optional.of(new HostPath("/tc")),
                RootfsMode.BIND), req().with(AGENT_TOOLCHAIN_ROOTFS, "/tc").parse().filesystem().rootfs());
    }

    @Test
    void readinessKinds() throws InvalidRequestException {
        assertEquals(new Readiness(Readiness.Kind.EXEC, Optional.of("false"), OptionalInt.empty()),
                req().with(READINESS_EXEC, "false").parse().health().readiness());
        assertEquals(Readiness.Kind.SD_NOTIFY, req().with(READINESS_SD_NOTIFY, "true").parse().health().readiness().kind());
        assertEquals(Readiness.Kind.TCP, req().with(READINESS_TCP, "80").with(READINESS_SD_NOTIFY, "false")
                .parse().health().readiness().kind());
    }

    // ---------------------------------------------------------------- service mode

    @Test
    void strictAgentFlagSelectsStrictAgent() throws InvalidRequestException {
        assertEquals(ServiceMode.STRICT_AGENT, req().with(STRICT_AGENT, "true").parse().serviceMode());
        assertEquals(ServiceMode.STRICT_AGENT,
                req().with(STRICT_AGENT, "true").with(SERVICE_MODE, "strict-agent").parse().serviceMode());
        assertEquals(ServiceMode.STRICT_AGENT, req().with(SERVICE_MODE, "mitos-agent").parse().serviceMode());
        assertEquals(ServiceMode.PRODUCTION,
                req().with(STRICT_AGENT, "false").with(SERVICE_MODE, "production").parse().serviceMode());
    }

    @Test
    void strictAgentConflictsWithProduction() {
        assertEquals(List.of(new Problem("--strict-agent",
                        "conflicts with --service-mode production; give only one of them")),
                req().with(STRICT_AGENT, "true").with(SERVICE_MODE, "production").problems());
        assertEquals(List.of(new Problem("key 'strict_agent'",
                        "conflicts with key 'service_mode' agent; give only one of them")),
                req().with(STRICT_AGENT, "true").with(SERVICE_MODE, "agent").problems(Origin.CONFIG_DOCUMENT));
    }

    // ---------------------------------------------------------------- command

    @Test
    void missingCommandIsRefused() {
        assertEquals(List.of(new Problem("command",
                        "no workload command given; put it after '--', e.g. nucleus run -- /bin/sh")),
                req().command().problems());
        assertEquals(List.of(new Problem("key 'command'",
                        "no workload command given; put it after '--', e.g. nucleus run -- /bin/sh")),
                req().command().problems(Origin.CONFIG_DOCUMENT));
        assertEquals(List.of(new Problem("command", "the program name is empty")), req().command("", "x").problems());
    }

    // ---------------------------------------------------------------- malformed values

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of(SERVICE_MODE, "turbo", "expected one of agent, strict-agent, production"),
                Arguments.of(RUNTIME, "docker", "expected one of native, gvisor"),
                Arguments.of(GVISOR_PLATFORM, "kvm2", "expected one of systrap, kvm, ptrace"),
                Arguments.of(TRUST_LEVEL, "maybe", "expected one of trusted, untrusted"),
                Arguments.of(BUNDLE, " ", "expected a path"),
                Arguments.of(NAME, "my app", "expected 1 to 128 characters of A-Z a-z 0-9 _ . -"),
                Arguments.of(HOSTNAME, "web_1", "expected an RFC 1123 host name such as web-1 or api.internal"),
                Arguments.of(HOSTNAME, "a".repeat(30) + "." + "b".repeat(34),
                        "a host name inside the container is at most 64 characters"),
                Arguments.of(ENV_FD, "2", "fds 0, 1 and 2 are stdio; pass an fd of 3 or more"),
                Arguments.of(ENV_FD, "three", "expected a whole number from 0 to 2147483647"),
                Arguments.of(WORKDIR, "relative", "expected an absolute path inside the container, such as /data"),
                Arguments.of(WORKDIR, "/a/../b", "'..' is not allowed in a container path"),
                Arguments.of(ROOTFS, "", "expected a path"),
                Arguments.of(AGENT_TOOLCHAIN_ROOTFS, "\t", "expected a path"),
                Arguments.of(CONTEXT, "", "expected a path"),
                Arguments.of(WORKSPACE, "", "expected a path"),
                Arguments.of(HOME, "home", "expected an absolute path inside the container, such as /data"),
                Arguments.of(PROVIDER_CONFIG_RO, "/h/gh", "expected SOURCE:DEST"),
                Arguments.of(PROVIDER_CONFIG_RW, "/h/gh:../../etc/passwd", "'..' is not allowed in a container path"),
                Arguments.of(VOLUME, "/a:/b:rx", "the access suffix must be ro or rw"),
                Arguments.of(TMPFS, "/t:0", "a tmpfs size must be more than 0"),
                Arguments.of(SECRET, "/h/t:relative", "expected an absolute path inside the container, such as /data"),
                Arguments.of(SECRETS_FD, "0", "fds 0, 1 and 2 are stdio; pass an fd of 3 or more"),
                Arguments.of(SYSTEMD_CREDENTIAL, "a/b:/etc/x", "expected a credential name without '/'"),
                Arguments.of(SYSTEMD_CREDENTIAL, "..:/etc/x", "expected a credential name without '/'"),
                Arguments.of(SYSTEMD_CREDENTIAL, "a b:/etc/x", "expected a credential name without '/'"),
                Arguments.of(SYSTEMD_CREDENTIAL, "a_b:/etc/x".replace('_', '\u00e9'), "expected a credential name without '/'"),
                Arguments.of(SYSTEMD_CREDENTIAL, "x".repeat(256) + ":/etc/x", "expected a credential name without '/'"),
                Arguments.of(USER, "bad user", "expected a user or group name, or a numeric id"),
                Arguments.of(GROUP, "-g", "expected a user or group name, or a numeric id"),
                Arguments.of(ADDITIONAL_GROUP, "x".repeat(33), "expected a user or group name, or a numeric id"),
                Arguments.of(USER, ".hidden", "expected a user or group name, or a numeric id"),
                Arguments.of(USER, "\u0661\u0662", "expected a user or group name, or a numeric id"),
                Arguments.of(GROUP, "", "expected a user or group name, or a numeric id"),
                Arguments.of(USER, "4294967295", "a numeric id is at most 4294967294"),
                Arguments.of(USER, "0004294967295", "a numeric id is at most 4294967294"),
                Arguments.of(GROUP, "99999999999999999999", "a numeric id is at most 4294967294"),
                Arguments.of(ADDITIONAL_GROUP, "4294967296", "a numeric id is at most 4294967294"),
                Arguments.of(USERNS, "host", "expected one of nomap, keep-id, auto"),
                Arguments.of(UIDMAP, "0:1", "expected CONTAINER_ID:HOST_ID:COUNT, such as 0:100000:65536"),
                Arguments.of(GIDMAP, "0:1:0", "COUNT must be from 1 to 65536"),
                Arguments.of(MEMORY, "lots", "expected a size such as 512M, 1G, 64K or a byte count"),
                Arguments.of(MEMORY, "0", "a memory limit must be at least 6M"),
                Arguments.of(MEMORY, "6291455", "a memory limit must be at least 6M"),
                Arguments.of(MEMORY, "512K", "a memory limit must be at least 6M"),
                Arguments.of(CPUS, "0", "expected at least 0.01 and at most 65536 cores"),
                Arguments.of(CPU_WEIGHT, "10001", "expected a whole number from 1 to 10000"),
                Arguments.of(PIDS, "-1", "expected a whole number from 0 to 4194304"),
                Arguments.of(IO_LIMIT, "8:0", "give at least one of riops=, wiops=, rbps=, wbps="),
                Arguments.of(MEMLOCK, "8X", "expected a size such as 512M, 1G, 64K or a byte count"),
                Arguments.of(LaunchOption.NETWORK, "bridged", "expected one of none, host, bridge, gvisor-host"),
                Arguments.of(NAT_BACKEND, "nft", "expected one of auto, kernel, userspace"),
                Arguments.of(PUBLISH, "80:80/sctp", "expected protocol tcp or udp after '/'"),
                Arguments.of(DNS, "dns.google", "expected an IPv4 address such as 10.0.0.1"),
                Arguments.of(ADD_HOST, "db", "expected NAME:IP, such as db.internal:10.0.0.5"),
                Arguments.of(EGRESS_ALLOW, "10.0.0.1/8", "host bits are set; did you mean 10.0.0.0/8?"),
                Arguments.of(EGRESS_DOMAIN, "localhost",
                        "expected a fully qualified domain name such as api.example.com"),
                Arguments.of(EGRESS_TCP_PORT, "0", "expected a port number from 1 to 65535"),
                Arguments.of(EGRESS_UDP_PORT, "65536", "expected a port number from 1 to 65535"),
                Arguments.of(CREDENTIAL_BROKER, "[::1]:80",
                        "expected an IPv4 or IPv6 address such as 10.0.0.1 or fd00::1"),
                Arguments.of(CREDENTIAL_BROKER, "broker", "expected IPv4:PORT, such as 10.0.42.1:8080"),
                Arguments.of(SECCOMP_PROFILE, "", "expected a path"),
                Arguments.of(SECCOMP_MODE, "log", "expected one of enforce, trace"),
                Arguments.of(SECCOMP_LOG, "", "expected a path"),
                Arguments.of(SECCOMP_ALLOW, "IO_URING", "expected a syscall name such as io_uring_setup"),
                Arguments.of(SECCOMP_ALLOW, "io-uring", "expected a syscall name such as io_uring_setup"),
                Arguments.of(SECCOMP_ALLOW, "a".repeat(65), "expected a syscall name such as io_uring_setup"),
                Arguments.of(SECCOMP_ALLOW, "\u0131o_uring", "expected a syscall name such as io_uring_setup"),
                Arguments.of(CAPS_POLICY, " ", "expected a path"),
                Arguments.of(LANDLOCK_POLICY, "", "expected a path"),
                Arguments.of(REQUIRE_KERNEL_LOCKDOWN, "none", "expected one of integrity, confidentiality"),
                Arguments.of(HEALTH_CMD, " ", "must not be empty"),
                Arguments.of(HEALTH_INTERVAL, "0", "expected a whole number from 1 to 86400"),
                Arguments.of(HEALTH_RETRIES, "1001", "expected a whole number from 1 to 1000"),
                Arguments.of(HEALTH_START_PERIOD, "1m", "expected a whole number from 0 to 86400"),
                Arguments.of(READINESS_EXEC, "", "must not be empty"),
                Arguments.of(READINESS_TCP, "http", "expected a port number from 1 to 65535"),
                Arguments.of(PID_FILE, "", "expected a path"),
                Arguments.of(CONSOLE_SOCKET, "", "expected a path"),
                Arguments.of(HOOKS, "", "expected a path"),
                Arguments.of(GPU_VENDOR, "apple", "expected one of auto, nvidia, amd, intel, all"),
                Arguments.of(GPU_DEVICE, "", "expected a path"),
                Arguments.of(DETACH, "yes", "expected true or false"),
                Arguments.of(SWAP, "1", "expected true or false"));
    }

    @ParameterizedTest(name = "--{0} {1}")
    @MethodSource("malformedValues")
    void malformedValueNamesTheFlagAndQuotesTheValue(LaunchOption option, String bad, String expectation) {
        assertEquals(List.of(new Problem(option.flag(), "invalid value '" + bad + "': " + expectation)),
                req().with(option, bad).problems(Origin.FLAGS));
    }

    /** The CLI and the embedded API read --secrets-fd before validation: one still here is refused, not ignored. */
    @Test
    void aSecretsFdNobodyReadIsRefused() {
        assertEquals(List.of(new Problem("--secrets-fd", "fd 5 was not read before validation; pass it to the nucleus"
                + " CLI or the embedded API, which read it")), req().with(SECRETS_FD, "5").problems(Origin.FLAGS));
    }

    @ParameterizedTest(name = "key {0} = {1}")
    @MethodSource("malformedValues")
    void malformedValueNamesTheConfigKey(LaunchOption option, String bad, String expectation) {
        assertEquals(List.of(new Problem("key '" + option.configKey() + "'", "invalid value '" + bad + "': "
                + expectation)), req().with(option, bad).problems(Origin.CONFIG_DOCUMENT));
    }

    @Test
    void subjectsUseTheFlagOrTheSnakeCaseKey() {
        assertEquals(List.of(new Problem("--memory", "invalid value '1Q': "
                + "expected a size such as 512M, 1G, 64K or a byte count")), req().with(MEMORY, "1Q").problems());
        assertEquals(List.of(new Problem("key 'egress_tcp_port'", "invalid value '0': "
                        + "expected a port number from 1 to 65535")),
                req().with(EGRESS_TCP_PORT, "0").problems(Origin.CONFIG_DOCUMENT));
    }

    @Test
    void everyBadValueIsReportedAtOnceInOrder() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> LaunchRequestParser.parse(
                req().with(MEMORY, "lots").with(CPUS, "-1").with(PUBLISH, "80", "8080:80", "1:0")
                        .with(EGRESS_ALLOW, "10.0.0.1/8").command().raw(Origin.FLAGS)));
        assertEquals(List.of(
                new Problem("command", "no workload command given; put it after '--', e.g. nucleus run -- /bin/sh"),
                new Problem("--memory", "invalid value 'lots': expected a size such as 512M, 1G, 64K or a byte count"),
                new Problem("--cpus", "invalid value '-1': expected at least 0.01 and at most 65536 cores"),
                new Problem("--publish", "invalid value '80': "
                        + "expected [IP:]HOST_PORT:CONTAINER_PORT[/tcp|udp], such as 127.0.0.1:8080:80"),
                new Problem("--publish", "invalid value '1:0': expected a port number from 1 to 65535"),
                new Problem("--egress-allow", "invalid value '10.0.0.1/8': host bits are set; did you mean 10.0.0.0/8?")),
                e.problems());
        assertEquals(e.problems().stream().map(Problem::toString).reduce((a, b) -> a + "\n" + b).orElseThrow(),
                e.getMessage());
    }

    @Test
    void malformedBaseDoesNotHideItsDependentsBadValues() {
        List<Problem> problems = req().with(WORKSPACE, "").with(WORKSPACE_MODE, "rw")
                .with(CONTEXT, " ").with(CONTEXT_MODE, "link").problems();
        assertEquals(List.of(
                new Problem("--context-mode", "invalid value 'link': expected one of copy, bind"),
                new Problem("--workspace-mode", "invalid value 'rw': expected one of bind-rw, bind-ro, copy-in-out"),
                new Problem("--context", "invalid value ' ': expected a path"),
                new Problem("--workspace", "invalid value '': expected a path")), problems);
    }

    // ---------------------------------------------------------------- secrets in env

    @ParameterizedTest(name = "env \"{0}\"")
    @MethodSource("badEnv")
    void envValuesAreNeverEchoed(String text, String shown, String expectation) {
        String secret = "hunter2-SECRET";
        for (Origin origin : Origin.values()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> LaunchRequestParser.parse(req().with(ENV, "OK=fine", text).raw(origin)));
            assertEquals(List.of(new Problem(req().raw(origin).subject(ENV),
                    "invalid value '" + shown + "': " + expectation)), e.problems());
            assertFalse(e.getMessage().contains(secret), e.getMessage());
            e.problems().forEach(p -> assertFalse(p.toString().contains(secret), p.toString()));
        }
    }

    static Stream<Arguments> badEnv() {
        return Stream.of(
                Arguments.of("hunter2-SECRET", "<redacted>", "expected KEY=VALUE"),
                Arguments.of("=hunter2-SECRET", "=<redacted>", "expected KEY=VALUE"),
                Arguments.of("1KEY=hunter2-SECRET", "1KEY=<redacted>", "the key must match [A-Za-z_][A-Za-z0-9_]*"),
                Arguments.of("API-KEY=hunter2-SECRET", "API-KEY=<redacted>",
                        "the key must match [A-Za-z_][A-Za-z0-9_]*"),
                Arguments.of("KEY=hunter2-SECRET\0", "KEY=<redacted>", "the value contains a NUL byte"));
    }

    @Property(tries = 300)
    void noEnvValueEverAppearsInAProblem(@ForAll("envText") String text) {
        String secret = "S3CR3T" + Integer.toHexString(text.hashCode());
        try {
            LaunchRequestParser.parse(req().with(ENV, text + "=" + secret, secret).with(MEMORY, "x")
                    .raw(Origin.FLAGS));
        } catch (InvalidRequestException e) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> envText() {
        return Arbitraries.strings().withChars("AZaz09_-= \0.").ofMaxLength(12);
    }

    // ---------------------------------------------------------------- arity

    @ParameterizedTest(name = "{0} given twice")
    @EnumSource(value = LaunchOption.class, names = {"MEMORY", "SERVICE_MODE", "NAME", "CPUS", "READINESS_TCP",
            "DETACH", "STRICT_AGENT"})
    void aSingleValueOptionGivenTwiceIsRefused(LaunchOption option) {
        String value = option.arity() == Arity.FLAG ? "true" : "1";
        List<Problem> problems = req().with(option, value, value).problems();
        assertTrue(problems.contains(new Problem(option.flag(), "given 2 times; it takes one value")), problems.toString());
        assertTrue(req().with(option, value, value, value).problems(Origin.CONFIG_DOCUMENT).contains(
                new Problem("key '" + option.configKey() + "'", "given 3 times; it takes one value")));
    }

    @Test
    void identityNamesAndIdsWithinRangeAreTaken() throws InvalidRequestException {
        for (String name : List.of("nobody", "_svc", "a.b-c", "x".repeat(32), "0", "65534", "4294967294", "0004294967294")) {
            assertEquals(Optional.of(name), req().with(USER, name).parse().identity().user(), name);
        }
    }

    @Test
    void listOptionsTakeManyValues() throws InvalidRequestException {
        assertEquals(3, req().with(VOLUME, "/a:/a", "/b:/b", "/c:/c").parse().filesystem().volumes().size());
    }

    // ---------------------------------------------------------------- dependent options

    static Stream<Arguments> dependentOptions() {
        return Stream.of(
                Arguments.of(ROOTFS_MODE, "overlay", ROOTFS),
                Arguments.of(CONTEXT_MODE, "bind", CONTEXT),
                Arguments.of(VERIFY_CONTEXT_INTEGRITY, "true", CONTEXT),
                Arguments.of(WORKSPACE_MODE, "bind-ro", WORKSPACE),
                Arguments.of(WORKSPACE_EXEC, "true", WORKSPACE),
                Arguments.of(SECCOMP_PROFILE_SHA256, "ab".repeat(32), SECCOMP_PROFILE),
                Arguments.of(CAPS_POLICY_SHA256, "ab".repeat(32), CAPS_POLICY),
                Arguments.of(LANDLOCK_POLICY_SHA256, "ab".repeat(32), LANDLOCK_POLICY),
                Arguments.of(CREDENTIAL_BROKER_NO_PROXY_ENV, "true", CREDENTIAL_BROKER),
                Arguments.of(GPU_DRIVER_CAPABILITIES, "compute", GPU_VENDOR),
                Arguments.of(GPU_DRIVER_CAPABILITIES, "false", GPU_VENDOR),
                Arguments.of(GPU_VISIBLE_DEVICES, "0,1", GPU_VENDOR),
                Arguments.of(NO_GPU_DRIVER_LIBS, "true", GPU_VENDOR));
    }

    @ParameterizedTest(name = "{0} without {2}")
    @MethodSource("dependentOptions")
    void aDependentOptionWithoutItsBaseIsRefused(LaunchOption option, String value, LaunchOption base) {
        assertEquals(List.of(new Problem(option.flag(), "has no effect without " + base.flag() + "; add it or remove "
                + option.flag())), req().with(option, value).problems());
        String key = "key '" + option.configKey() + "'";
        assertEquals(List.of(new Problem(key, "has no effect without key '" + base.configKey() + "'; add it or remove "
                + key)), req().with(option, value).problems(Origin.CONFIG_DOCUMENT));
    }

    @Test
    void dependentOptionsAreFineWithTheirBase() throws InvalidRequestException {
        req().with(ROOTFS_MODE, "overlay").with(AGENT_TOOLCHAIN_ROOTFS, "/tc").parse();
        req().with(SECCOMP_PROFILE_SHA256, "ab".repeat(32)).with(SECCOMP_PROFILE, "/p.json").parse();
        req().with(NO_GPU_DRIVER_LIBS, "true").with(GPU_DEVICE, "/dev/nvidia0").parse();
        req().with(WORKSPACE_EXEC, "false").parse();
    }

    @Test
    void rootfsAndAgentToolchainRootfsConflict() {
        assertEquals(List.of(new Problem("--agent-toolchain-rootfs",
                        "conflicts with --rootfs: both set the root filesystem; give only one")),
                req().with(ROOTFS, "/r").with(AGENT_TOOLCHAIN_ROOTFS, "/t").problems());
    }

    static Stream<Arguments> twoReadinessProbes() {
        return Stream.of(
                Arguments.of(Map.of(READINESS_EXEC, "check", READINESS_TCP, "80")),
                Arguments.of(Map.of(READINESS_EXEC, "false", READINESS_TCP, "80")),
                Arguments.of(Map.of(READINESS_EXEC, "check", READINESS_SD_NOTIFY, "true")),
                Arguments.of(Map.of(READINESS_TCP, "80", READINESS_SD_NOTIFY, "true")));
    }

    @ParameterizedTest
    @MethodSource("twoReadinessProbes")
    void twoReadinessProbesAreRefused(Map<LaunchOption, String> probes) {
        Req r = req();
        probes.forEach((o, v) -> r.with(o, v));
        assertEquals(List.of(new Problem("--readiness-exec",
                        "give at most one of --readiness-exec, --readiness-tcp and --readiness-sd-notify")),
                r.problems());
    }

    @Test
    void threeReadinessProbesAreOneProblem() {
        assertEquals(1, req().with(READINESS_EXEC, "c").with(READINESS_TCP, "1").with(READINESS_SD_NOTIFY, "true")
                .problems(Origin.CONFIG_DOCUMENT).size());
    }

    // ---------------------------------------------------------------- robustness

    @Property(tries = 500)
    void parseThrowsOnlyInvalidRequest(@ForAll("options") LaunchOption option, @ForAll("texts") List<String> values) {
        try {
            LaunchRequestParser.parse(req().with(option, values.toArray(String[]::new)).raw(Origin.FLAGS));
        } catch (InvalidRequestException e) {
            assertFalse(e.problems().isEmpty());
        }
    }

    @Provide
    Arbitrary<LaunchOption> options() {
        return Arbitraries.of(LaunchOption.class);
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                        Arbitraries.of("true", "false", "1", "0", "/a:/b", "::", "1G", "a=b", ""))
                .list().ofMinSize(1).ofMaxSize(3);
    }
}
