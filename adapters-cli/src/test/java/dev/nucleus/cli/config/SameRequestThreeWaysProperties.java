package dev.nucleus.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.output.JacksonSpecJson;
import dev.nucleus.cli.output.SpecJson;
import dev.nucleus.cli.run.RunCommandSpec;
import dev.nucleus.domain.launch.Arity;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.ports.service.LaunchResolution;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The same request written as flags, as TOML and as JSON resolves to the identical spec (or is
 * refused for the identical rules). Requests are random picks of options with valid values.
 */
class SameRequestThreeWaysProperties {
    private static final Invoker ROOT = new Invoker(0, 0);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Options whose config value is also written as a bare number. */
    private static final Set<LaunchOption> NUMERIC = Set.of(LaunchOption.CPUS, LaunchOption.PIDS,
            LaunchOption.CPU_WEIGHT, LaunchOption.HEALTH_INTERVAL, LaunchOption.HEALTH_RETRIES,
            LaunchOption.HEALTH_START_PERIOD, LaunchOption.READINESS_TCP, LaunchOption.EGRESS_TCP_PORT,
            LaunchOption.EGRESS_UDP_PORT, LaunchOption.ENV_FD, LaunchOption.SECRETS_FD);

    record Request(Map<LaunchOption, List<String>> options, List<String> command) {
    }

    @Property(tries = 300)
    void flagsTomlAndJsonResolveIdentically(@ForAll("requests") Request request) throws Exception {
        RawLaunchRequest fromFlags = RunCommandSpec.parse(RunCommandSpec.build("run", "run"), argv(request),
                GlobalSettings.empty()).flags();
        RawLaunchRequest fromToml = ConfigDocuments.parse(toml(request), "doc.toml", ConfigFormat.TOML);
        RawLaunchRequest fromJson = ConfigDocuments.parse(json(request), "doc.json", ConfigFormat.JSON);
        Object expected = outcome(fromFlags);
        assertEquals(expected, outcome(fromToml), "TOML:\n" + toml(request));
        assertEquals(expected, outcome(fromJson), "JSON:\n" + json(request));
    }

    /** {@code --dry-run}'s JSON (SpecJson's own writer) is exactly what Jackson's databind wrote for the spec. */
    @Property(tries = 300)
    void dryRunJsonIsWhatJacksonWrote(@ForAll("requests") Request request) throws Exception {
        RawLaunchRequest raw = RunCommandSpec.parse(RunCommandSpec.build("run", "run"), argv(request),
                GlobalSettings.empty()).flags();
        if (outcome(raw) instanceof ContainerSpec spec) {
            assertEquals(JacksonSpecJson.render(spec), SpecJson.render(spec));
        }
    }

    /** The spec, or the origin-independent part of the refusal: how many problems, which rules. */
    private static Object outcome(RawLaunchRequest raw) {
        try {
            ContainerSpec spec = new LaunchResolution().resolve(raw, ROOT);
            return spec;
        } catch (InvalidRequestException e) {
            return "refused " + e.problems().size() + " " + e.problems().stream().map(Problem::subject)
                    .filter(s -> s.startsWith("rule ")).sorted().collect(Collectors.toList());
        }
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Map<LaunchOption, List<String>>> options = Arbitraries.of(SAMPLES.keySet())
                .set().ofMaxSize(12)
                .flatMap(chosen -> {
                    List<Arbitrary<Map.Entry<LaunchOption, List<String>>>> entries = new ArrayList<>();
                    for (LaunchOption o : chosen) {
                        List<String> pool = SAMPLES.get(o);
                        Arbitrary<List<String>> values = o.arity() == Arity.LIST
                                ? Arbitraries.of(pool).list().ofMinSize(1).ofMaxSize(3)
                                : Arbitraries.of(pool).map(List::of);
                        entries.add(values.map(v -> Map.entry(o, v)));
                    }
                    return Combinators.combine(entries).as(list -> {
                        Map<LaunchOption, List<String>> m = new EnumMap<>(LaunchOption.class);
                        list.forEach(e -> m.put(e.getKey(), e.getValue()));
                        return m;
                    });
                });
        Arbitrary<List<String>> command = Arbitraries.of(List.of("/bin/true"), List.of("/bin/sh", "-c", "echo \"hi\" $X"),
                List.of("/usr/bin/env", "--", "-e"));
        return Combinators.combine(options, command).as(Request::new);
    }

    private static List<String> argv(Request r) {
        List<String> out = new ArrayList<>();
        r.options().forEach((o, values) -> {
            if (o.arity() == Arity.FLAG) {
                out.add(o.flag());
            } else {
                values.forEach(v -> {
                    out.add(o.flag());
                    out.add(v);
                });
            }
        });
        out.add("--");
        out.addAll(r.command());
        return out;
    }

    private static String toml(Request r) {
        StringBuilder sb = new StringBuilder();
        r.options().forEach((o, values) -> sb.append(o.configKeys().getLast()).append(" = ").append(configValue(o, values))
                .append('\n'));
        sb.append("command = ").append(array(r.command())).append('\n');
        return sb.toString();
    }

    private static String json(Request r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        r.options().forEach((o, values) -> doc.put(o.configKey(), jsonValue(o, values)));
        doc.put("command", r.command());
        return JSON.writeValueAsString(doc);
    }

    private static String configValue(LaunchOption o, List<String> values) {
        return switch (o.arity()) {
            case FLAG -> "true";
            case VALUE -> scalar(o, values.getFirst());
            case LIST -> "[" + values.stream().map(v -> scalar(o, v)).collect(Collectors.joining(", ")) + "]";
        };
    }

    private static Object jsonValue(LaunchOption o, List<String> values) {
        return switch (o.arity()) {
            case FLAG -> true;
            case VALUE -> jsonScalar(o, values.getFirst());
            case LIST -> values.stream().map(v -> jsonScalar(o, v)).toList();
        };
    }

    private static String scalar(LaunchOption o, String v) {
        return NUMERIC.contains(o) ? v : JSON.writeValueAsString(v);
    }

    private static Object jsonScalar(LaunchOption o, String v) {
        if (!NUMERIC.contains(o)) {
            return v;
        }
        return v.contains(".") ? (Object) Double.valueOf(v) : (Object) Long.valueOf(v);
    }

    private static String array(List<String> values) {
        return "[" + values.stream().map(JSON::writeValueAsString).collect(Collectors.joining(", ")) + "]";
    }

    private static final Map<LaunchOption, List<String>> SAMPLES = samples();

    private static Map<LaunchOption, List<String>> samples() {
        Map<LaunchOption, List<String>> m = new EnumMap<>(LaunchOption.class);
        m.put(LaunchOption.SERVICE_MODE, List.of("agent", "strict-agent", "mitos-agent", "production"));
        m.put(LaunchOption.STRICT_AGENT, List.of("true"));
        m.put(LaunchOption.RUNTIME, List.of("native", "gvisor"));
        m.put(LaunchOption.TRUST_LEVEL, List.of("trusted", "untrusted"));
        m.put(LaunchOption.NAME, List.of("web-1", "agent.a_b"));
        m.put(LaunchOption.HOSTNAME, List.of("web", "api.internal"));
        m.put(LaunchOption.ENV, List.of("A=1", "PATH=/bin:/usr/bin", "EMPTY=", "Q=\"quoted\" 'x'"));
        m.put(LaunchOption.WORKDIR, List.of("/workspace", "/srv//app/"));
        m.put(LaunchOption.ROOTFS, List.of("/srv/rootfs", "rel/rootfs"));
        m.put(LaunchOption.CONTEXT, List.of("./ctx"));
        m.put(LaunchOption.CONTEXT_MODE, List.of("copy", "bind"));
        m.put(LaunchOption.WORKSPACE, List.of("/home/dev/project"));
        m.put(LaunchOption.WORKSPACE_MODE, List.of("bind-rw", "bind-ro", "copy-in-out"));
        m.put(LaunchOption.WORKSPACE_EXEC, List.of("true"));
        m.put(LaunchOption.HOME, List.of("/home/agent", "/home/dev"));
        m.put(LaunchOption.PROVIDER_CONFIG_RO, List.of("/srv/aws:.aws", "/srv/gh:.config/gh"));
        m.put(LaunchOption.VOLUME, List.of("/srv/data:/data", "/srv/cache:/cache:ro"));
        m.put(LaunchOption.TMPFS, List.of("/scratch", "/scratch2:128M:ro"));
        m.put(LaunchOption.SECRET, List.of("/run/keys/api:/run/secrets/api"));
        m.put(LaunchOption.USER, List.of("1000", "app"));
        m.put(LaunchOption.GROUP, List.of("1000", "app"));
        m.put(LaunchOption.ROOTLESS, List.of("true"));
        m.put(LaunchOption.USERNS, List.of("nomap", "keep-id", "auto"));
        m.put(LaunchOption.MEMORY, List.of("512M", "1G", "1048576"));
        m.put(LaunchOption.SWAP, List.of("true"));
        m.put(LaunchOption.CPUS, List.of("2", "0.5", "1.25"));
        m.put(LaunchOption.CPU_WEIGHT, List.of("100", "10000"));
        m.put(LaunchOption.PIDS, List.of("0", "64", "512"));
        m.put(LaunchOption.IO_LIMIT, List.of("8:0 wbps=10M", "259:0 riops=100 wiops=50"));
        m.put(LaunchOption.MEMLOCK, List.of("8M"));
        m.put(LaunchOption.NETWORK, List.of("none", "bridge", "host"));
        m.put(LaunchOption.ALLOW_HOST_NETWORK, List.of("true"));
        m.put(LaunchOption.NAT_BACKEND, List.of("auto", "kernel", "userspace"));
        m.put(LaunchOption.PUBLISH, List.of("8080:80", "127.0.0.1:8443:443/tcp", "[::1]:53:53/udp"));
        m.put(LaunchOption.DNS, List.of("10.0.0.53", "fd00::53"));
        m.put(LaunchOption.ADD_HOST, List.of("db:10.0.0.5"));
        m.put(LaunchOption.EGRESS_ALLOW, List.of("10.0.0.0/8", "2001:db8::/32"));
        m.put(LaunchOption.EGRESS_DOMAIN, List.of("api.example.com"));
        m.put(LaunchOption.EGRESS_TCP_PORT, List.of("443", "8443"));
        m.put(LaunchOption.SECCOMP_LOG_DENIED, List.of("true"));
        m.put(LaunchOption.SECCOMP_ALLOW, List.of("io_uring_setup"));
        m.put(LaunchOption.CAPS_POLICY, List.of("/etc/nucleus/web.caps.toml"));
        m.put(LaunchOption.CAPS_POLICY_SHA256, List.of("ab".repeat(32)));
        m.put(LaunchOption.ALLOW_DEGRADED_SECURITY, List.of("true"));
        m.put(LaunchOption.REQUIRE_KERNEL_LOCKDOWN, List.of("integrity"));
        m.put(LaunchOption.VERIFY_ROOTFS_ATTESTATION, List.of("true"));
        m.put(LaunchOption.TIME_NAMESPACE, List.of("true"));
        m.put(LaunchOption.DISABLE_CGROUP_NAMESPACE, List.of("true"));
        m.put(LaunchOption.HEALTH_CMD, List.of("wget -q -O- http://127.0.0.1:8080/health"));
        m.put(LaunchOption.HEALTH_INTERVAL, List.of("10"));
        m.put(LaunchOption.READINESS_TCP, List.of("8080"));
        m.put(LaunchOption.SD_NOTIFY, List.of("true"));
        m.put(LaunchOption.KEEP, List.of("true"));
        m.put(LaunchOption.TERMINAL, List.of("true"));
        m.put(LaunchOption.GPU_VENDOR, List.of("auto"));
        m.put(LaunchOption.ENV_FD, List.of("3"));
        return m;
    }
}
