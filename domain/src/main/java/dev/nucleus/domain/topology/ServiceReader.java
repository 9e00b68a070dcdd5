package dev.nucleus.domain.topology;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.Problem;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.nucleus.domain.launch.LaunchOption.*;

/**
 * One {@code [services.NAME]} table into the launch options it runs with. Keys are the reference's
 * topology schema, plus {@code service_mode}, {@code trust_level}, {@code restart}, {@code workdir},
 * {@code seccomp_allow} and the health-check tunables; values are checked later by the launch rules themselves.
 */
final class ServiceReader {
    /** Keys that are one launch option, value for value. */
    private static final Map<String, LaunchOption> DIRECT = Map.ofEntries(
            Map.entry("rootfs", ROOTFS), Map.entry("memory", MEMORY), Map.entry("cpus", CPUS),
            Map.entry("pids", PIDS), Map.entry("service_mode", SERVICE_MODE), Map.entry("trust_level", TRUST_LEVEL),
            Map.entry("runtime", RUNTIME), Map.entry("restart", RESTART), Map.entry("workdir", WORKDIR),
            Map.entry("health_check", HEALTH_CMD), Map.entry("health_interval", HEALTH_INTERVAL),
            Map.entry("health_retries", HEALTH_RETRIES), Map.entry("health_timeout", HEALTH_TIMEOUT),
            Map.entry("health_start_period", HEALTH_START_PERIOD),
            Map.entry("egress_allow", EGRESS_ALLOW), Map.entry("egress_domains", EGRESS_DOMAIN),
            Map.entry("egress_tcp_ports", EGRESS_TCP_PORT), Map.entry("egress_udp_ports", EGRESS_UDP_PORT),
            Map.entry("credential_broker", CREDENTIAL_BROKER),
            Map.entry("credential_broker_no_proxy_env", CREDENTIAL_BROKER_NO_PROXY_ENV),
            Map.entry("port_forwards", PUBLISH), Map.entry("user", USER), Map.entry("group", GROUP),
            Map.entry("additional_groups", ADDITIONAL_GROUP), Map.entry("secrets", SECRET), Map.entry("dns", DNS),
            Map.entry("nat_backend", NAT_BACKEND), Map.entry("seccomp_allow", SECCOMP_ALLOW),
            Map.entry("verify_rootfs_attestation", VERIFY_ROOTFS_ATTESTATION));
    /**
     * What the topology calls each option it sets, for messages about a service's launch: the key
     * of {@link #DIRECT}, or the table key an option is made from ({@code volumes} for a tmpfs).
     */
    static final Map<LaunchOption, String> KEY_NAMES = keyNames();
    private static final Set<String> OTHER = Set.of("command", "networks", "volumes", "depends_on", "environment",
            "replicas", "hooks");
    /**
     * What a service gets unless its table says otherwise: the reference's defaults, production, and
     * its rootfs checked against its attestation (which production requires, and the reference's
     * topologies never asked for).
     */
    private static final Map<LaunchOption, String> DEFAULTS = Map.of(SERVICE_MODE, "production", CPUS, "1",
            PIDS, "512", RUNTIME, "native", VERIFY_ROOTFS_ATTESTATION, "true");

    private static Map<LaunchOption, String> keyNames() {
        EnumMap<LaunchOption, String> names = new EnumMap<>(LaunchOption.class);
        DIRECT.forEach((key, option) -> names.put(option, key));
        names.put(VOLUME, "volumes");
        names.put(TMPFS, "volumes");
        names.put(ENV, "environment");
        names.put(NETWORK, "networks");
        names.put(BRIDGE, "networks");
        names.put(BRIDGE_SUBNET, "networks");
        return Map.copyOf(names);
    }

    private final String name;
    private final Map<String, Object> table;
    private final Map<String, TopologyNetwork> networks;
    private final Map<String, TopologyVolume> volumes;
    private final Set<String> services;
    private final List<Problem> problems;
    private final java.util.function.UnaryOperator<String> hostPath;
    private final EnumMap<LaunchOption, List<String>> options = new EnumMap<>(LaunchOption.class);

    ServiceReader(String name, Map<String, Object> table, Map<String, TopologyNetwork> networks,
                  Map<String, TopologyVolume> volumes, Set<String> services, List<Problem> problems,
                  java.util.function.UnaryOperator<String> hostPath) {
        this.hostPath = hostPath;
        this.name = name;
        this.table = table;
        this.networks = networks;
        this.volumes = volumes;
        this.services = services;
        this.problems = problems;
    }

    Optional<ServiceDefinition> read() {
        int before = problems.size();
        for (Map.Entry<String, Object> e : table.entrySet()) {
            LaunchOption option = DIRECT.get(e.getKey());
            if (option != null) {
                direct(e.getKey(), option, e.getValue());
            } else if (!OTHER.contains(e.getKey())) {
                problem(e.getKey(), "unknown key; expected one of "
                        + String.join(", ", java.util.stream.Stream.concat(DIRECT.keySet().stream(), OTHER.stream())
                        .sorted().toList()));
            }
        }
        for (String required : List.of("rootfs", "memory", "command")) {
            if (!table.containsKey(required)) {
                problem(required, "is required");
            }
        }
        DEFAULTS.forEach((option, value) -> options.putIfAbsent(option, List.of(value)));
        hostPaths();
        List<String> command = command(table.get("command"));
        environment(table.get("environment"));
        network(table.get("networks"));
        volumeMounts(table.get("volumes"));
        List<Dependency> dependsOn = dependencies(table.get("depends_on"));
        replicas(table.get("replicas"));
        if (table.containsKey("hooks")) {
            problem("hooks", "OCI hooks run on the host as root and are not allowed in a topology; remove the key");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        OptionalLong interval = OptionalLong.empty();
        if (options.containsKey(HEALTH_CMD)) {
            String text = options.getOrDefault(HEALTH_INTERVAL, List.of("30")).getFirst();
            interval = OptionalLong.of(text.matches("[0-9]{1,6}") ? Long.parseLong(text) : 30);
        }
        return Optional.of(new ServiceDefinition(name, options, command, dependsOn, interval));
    }

    private void direct(String key, LaunchOption option, Object value) {
        switch (option.arity()) {
            case FLAG -> {
                if (value instanceof Boolean b) {
                    options.put(option, List.of(b.toString()));
                } else {
                    problem(key, "must be true or false");
                }
            }
            case VALUE -> scalar(key, value).ifPresent(text -> options.put(option, List.of(text)));
            case LIST -> list(key, value).ifPresent(texts -> options.put(option, texts));
        }
    }

    /** The rootfs and each secret's source, relative to the topology file when they are relative. */
    private void hostPaths() {
        options.computeIfPresent(ROOTFS, (k, v) -> v.stream().map(hostPath).toList());
        options.computeIfPresent(SECRET, (k, v) -> v.stream().map(secret -> {
            int colon = secret.indexOf(':');
            return colon > 0 ? hostPath.apply(secret.substring(0, colon)) + secret.substring(colon) : secret;
        }).toList());
    }

    private List<String> command(Object value) {
        Optional<List<String>> words = value instanceof List<?> l && !l.isEmpty() ? list("command", value)
                : Optional.empty();
        if (value != null && words.isEmpty() && problemsAbout("command")) {
            problem("command", "must be a non-empty array of strings, e.g. [\"/bin/sh\", \"-c\", \"exec server\"]");
        }
        return words.orElse(List.of());
    }

    private void environment(Object value) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("environment", "must be a table of KEY = \"value\"");
            return;
        }
        List<String> env = new ArrayList<>();
        map.forEach((k, v) -> scalar("environment." + k, v).ifPresent(text -> env.add(k + "=" + text)));
        options.put(ENV, env);
    }

    /** A service joins at most one network: its container has one interface, on that network's bridge. */
    private void network(Object value) {
        List<String> names = value == null ? List.of() : list("networks", value).orElse(List.of());
        if (names.size() > 1) {
            problem("networks", "a service can join one network (its container has one interface); it names "
                    + names.size());
            return;
        }
        if (names.isEmpty()) {
            options.put(NETWORK, List.of("none"));
            return;
        }
        TopologyNetwork network = networks.get(names.getFirst());
        if (network == null) {
            problem("networks", "'" + names.getFirst() + "' is not declared under [networks]");
            return;
        }
        options.put(NETWORK, List.of("bridge"));
        options.put(BRIDGE, List.of(network.bridge()));
        options.put(BRIDGE_SUBNET, List.of(network.subnet()));
    }

    private void volumeMounts(Object value) {
        if (value == null) {
            return;
        }
        List<String> binds = new ArrayList<>();
        List<String> tmpfs = new ArrayList<>();
        for (String mount : list("volumes", value).orElse(List.of())) {
            String[] parts = mount.split(":", -1);
            String mode = parts.length == 3 ? parts[2] : "rw";
            if (mount.startsWith("/")) {
                problem("volumes", "'" + mount + "': host paths are not mounted directly; declare a persistent"
                        + " volume under [volumes] and name it");
            } else if (parts.length < 2 || parts.length > 3 || !parts[1].startsWith("/")
                    || !(mode.equals("ro") || mode.equals("rw"))) {
                problem("volumes", "'" + mount + "': expected \"VOLUME:/DEST\" or \"VOLUME:/DEST:ro|rw\"");
            } else if (!volumes.containsKey(parts[0])) {
                problem("volumes", "'" + parts[0] + "' is not declared under [volumes]");
            } else {
                TopologyVolume volume = volumes.get(parts[0]);
                if (volume.persistent()) {
                    binds.add(volume.path().get() + ":" + parts[1] + ":" + mode);
                } else {
                    tmpfs.add(parts[1] + volume.size().map(s -> ":" + s).orElse("") + ":" + mode);
                }
            }
        }
        if (!binds.isEmpty()) {
            options.put(VOLUME, binds);
        }
        if (!tmpfs.isEmpty()) {
            options.put(TMPFS, tmpfs);
        }
    }

    private List<Dependency> dependencies(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> entries)) {
            problem("depends_on", "must be an array of service names or { service = \"NAME\", condition ="
                    + " \"started\"|\"healthy\" } tables");
            return List.of();
        }
        List<Dependency> out = new ArrayList<>();
        for (Object entry : entries) {
            dependency(entry).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Dependency> dependency(Object entry) {
        String service;
        Object condition = "started";
        if (entry instanceof String s) {
            service = s;
        } else if (entry instanceof Map<?, ?> m && m.get("service") instanceof String s
                && m.keySet().stream().allMatch(k -> k.equals("service") || k.equals("condition"))) {
            service = s;
            condition = m.containsKey("condition") ? m.get("condition") : condition;
        } else {
            problem("depends_on", "each entry is a service name or { service = \"NAME\", condition = \"started\"|"
                    + "\"healthy\" }");
            return Optional.empty();
        }
        if (!services.contains(service)) {
            problem("depends_on", "'" + service + "' is not a service of this topology");
            return Optional.empty();
        }
        if (service.equals(name)) {
            problem("depends_on", "a service cannot depend on itself");
            return Optional.empty();
        }
        if (!"started".equals(condition) && !"healthy".equals(condition)) {
            problem("depends_on", "'" + service + "': condition must be \"started\" or \"healthy\"");
            return Optional.empty();
        }
        return Optional.of(new Dependency(service, "healthy".equals(condition)
                ? Dependency.Condition.HEALTHY : Dependency.Condition.STARTED));
    }

    /** One container per service: a count the runtime would not honour is refused, not ignored. */
    private void replicas(Object value) {
        if (value != null && !Long.valueOf(1).equals(value)) {
            problem("replicas", "only 1 is supported (one container per service)");
        }
    }

    private Optional<String> scalar(String key, Object value) {
        return switch (value) {
            case String s -> Optional.of(s);
            case Long n -> Optional.of(n.toString());
            // 2.0 is "2" (as a launch option would be written); 1e20 keeps every digit, 0.5 stays "0.5"
            case Double d when Double.isFinite(d) -> Optional.of(d == Math.rint(d)
                    ? new java.math.BigDecimal(d).toPlainString() : d.toString());
            case null, default -> {
                problem(key, "takes one value (a string or a number)");
                yield Optional.empty();
            }
        };
    }

    private Optional<List<String>> list(String key, Object value) {
        if (!(value instanceof List<?> items)) {
            problem(key, "must be an array");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String) && !(item instanceof Long)) {
                problem(key, "must contain only strings");
                return Optional.empty();
            }
            out.add(item.toString());
        }
        return Optional.of(out);
    }

    /** Whether no problem was recorded about {@code key} yet (so one is not reported twice). */
    private boolean problemsAbout(String key) {
        return problems.stream().noneMatch(p -> p.subject().equals(subject(key)));
    }

    private String subject(String key) {
        return "services." + name + "." + key;
    }

    private void problem(String key, String message) {
        problems.add(new Problem(subject(key), message));
    }
}
