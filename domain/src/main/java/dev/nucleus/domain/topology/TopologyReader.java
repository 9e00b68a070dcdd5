package dev.nucleus.domain.topology;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a topology document, already parsed into plain values (tables as maps, arrays as lists,
 * strings, longs, doubles, booleans), into a {@link Topology}. Every problem is collected and named
 * by its key path ({@code services.web.memory}); the services' launch options are checked later,
 * by the same rules as any launch.
 */
public final class TopologyReader {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final Set<String> TOP_KEYS = Set.of("name", "networks", "volumes", "services");
    private static final Set<String> NETWORK_KEYS = Set.of("subnet", "encrypted");
    private static final Set<String> VOLUME_KEYS = Set.of("volume_type", "path", "owner", "size");
    private static final Pattern OWNER = Pattern.compile("([0-9]{1,10}):([0-9]{1,10})");

    private final List<Problem> problems = new ArrayList<>();
    private final String baseDirectory;

    private TopologyReader(String baseDirectory) {
        this.baseDirectory = baseDirectory;
    }

    /** A document whose relative host paths are taken as they are (relative to the working directory). */
    public static Topology read(Map<String, Object> document) throws InvalidRequestException {
        return read(document, "");
    }

    /**
     * A document read from a file in {@code baseDirectory} (absolute): its relative host paths
     * ({@code rootfs}, a secret's source, a persistent volume's {@code path}) are relative to it.
     */
    public static Topology read(Map<String, Object> document, String baseDirectory) throws InvalidRequestException {
        TopologyReader reader = new TopologyReader(baseDirectory);
        Topology topology = reader.topology(document);
        if (!reader.problems.isEmpty()) {
            throw new InvalidRequestException(reader.problems);
        }
        try {
            topology.startupOrder();
        } catch (StartupOrder.Cycle e) {
            // named at the first stuck service's depends_on, so the file's line can be found
            throw new InvalidRequestException(new Problem("services." + e.stuck().getFirst() + ".depends_on",
                    e.getMessage()));
        }
        return topology;
    }

    private Topology topology(Map<String, Object> document) {
        unknownKeys("", document, TOP_KEYS);
        String name = document.get("name") instanceof String s ? s : "";
        if (!NAME.matcher(name).matches()) {
            problem("name", document.containsKey("name")
                    ? "'" + name + "' is not a topology name: 1 to 63 letters, digits, '_', '.' or '-'"
                    : "is required: the topology's name, the prefix of its containers' names");
        }
        Map<String, Map<String, Object>> networkTables = tables("networks", document.get("networks"));
        Map<String, TopologyNetwork> networks = new LinkedHashMap<>();
        networkTables.forEach((n, table) -> network(name, n, table).ifPresent(net -> networks.put(n, net)));
        SequencedMap<String, TopologyVolume> volumes = new LinkedHashMap<>();
        tables("volumes", document.get("volumes")).forEach((v, table) -> volume(v, table)
                .ifPresent(vol -> volumes.put(v, vol)));
        Map<String, Map<String, Object>> serviceTables = tables("services", document.get("services"));
        if (serviceTables.isEmpty() && !(document.get("services") instanceof Map<?, ?> m && !m.isEmpty())) {
            problem("services", "at least one service is required ([services.NAME] tables)");
        }
        SequencedMap<String, ServiceDefinition> services = new LinkedHashMap<>();
        serviceTables.forEach((s, table) -> {
            ServiceReader reader = new ServiceReader(s, table, networks, volumes, serviceTables.keySet(), problems,
                    this::hostPath);
            reader.read().ifPresent(def -> services.put(s, def));
        });
        healthyNeedsACheck(services);
        return new Topology(NAME.matcher(name).matches() ? name : "invalid", volumes, services);
    }

    /** Waiting for a service to be healthy only makes sense when it has a health check (as the reference). */
    private void healthyNeedsACheck(Map<String, ServiceDefinition> services) {
        services.forEach((name, service) -> {
            for (Dependency d : service.dependsOn()) {
                ServiceDefinition target = services.get(d.service());
                if (d.condition() == Dependency.Condition.HEALTHY && target != null && !target.hasHealthCheck()) {
                    problem("services." + name + ".depends_on", "'" + d.service() + "' has no health_check, so it"
                            + " never reports healthy; add one to it, or use condition = \"started\"");
                }
            }
        });
    }

    private Optional<TopologyNetwork> network(String topology, String name, Map<String, Object> table) {
        String at = "networks." + name;
        unknownKeys(at + ".", table, NETWORK_KEYS);
        if (Boolean.TRUE.equals(table.get("encrypted"))) {
            problem(at + ".encrypted", "encrypted networks (WireGuard) are not supported; remove the key");
        } else if (table.containsKey("encrypted") && !(table.get("encrypted") instanceof Boolean)) {
            problem(at + ".encrypted", "must be true or false");
        }
        Object subnet = table.getOrDefault("subnet", TopologyNetwork.DEFAULT_SUBNET);
        if (!(subnet instanceof String s)) {
            problem(at + ".subnet", "must be an IPv4 CIDR string such as \"10.42.0.0/24\"");
            return Optional.empty();
        }
        return Optional.of(new TopologyNetwork(name, TopologyNetwork.bridgeName(topology, name), s));
    }

    private Optional<TopologyVolume> volume(String name, Map<String, Object> table) {
        String at = "volumes." + name;
        unknownKeys(at + ".", table, VOLUME_KEYS);
        Object type = table.getOrDefault("volume_type", "ephemeral");
        boolean persistent = "persistent".equals(type);
        if (!persistent && !"ephemeral".equals(type)) {
            problem(at + ".volume_type", "expected \"persistent\" or \"ephemeral\"");
            return Optional.empty();
        }
        Optional<String> path = string(at + ".path", table.get("path"));
        Optional<String> size = string(at + ".size", table.get("size"));
        Optional<String> owner = string(at + ".owner", table.get("owner"));
        if (persistent && path.isEmpty()) {
            problem(at + ".path", "is required for a persistent volume: the host directory that keeps its data");
        }
        path = path.map(this::hostPath);
        if (persistent && path.isPresent() && !path.get().startsWith("/")) {
            problem(at + ".path", "must be an absolute path, or relative to the topology file");
        }
        if (!persistent && path.isPresent()) {
            problem(at + ".path", "an ephemeral volume is a tmpfs and has no host path; remove it or set"
                    + " volume_type = \"persistent\"");
        }
        if (persistent && size.isPresent()) {
            problem(at + ".size", "only an ephemeral volume (a tmpfs) has a size");
        }
        OptionalLong uid = OptionalLong.empty();
        OptionalLong gid = OptionalLong.empty();
        if (owner.isPresent()) {
            var m = OWNER.matcher(owner.get());
            if (!persistent) {
                problem(at + ".owner", "only a persistent volume has an owner");
            } else if (!m.matches() || Long.parseLong(m.group(1)) > 0xFFFF_FFFEL
                    || Long.parseLong(m.group(2)) > 0xFFFF_FFFEL) {
                problem(at + ".owner", "expected \"UID:GID\" (numbers)");
            } else {
                uid = OptionalLong.of(Long.parseLong(m.group(1)));
                gid = OptionalLong.of(Long.parseLong(m.group(2)));
            }
        }
        return Optional.of(new TopologyVolume(name, persistent ? path : Optional.empty(), uid, gid,
                persistent ? Optional.empty() : size));
    }

    /** A host path of the document: a relative one is relative to the topology file's directory. */
    private String hostPath(String path) {
        return path.startsWith("/") || baseDirectory.isEmpty() || path.isEmpty() ? path
                : baseDirectory + (baseDirectory.endsWith("/") ? "" : "/") + path;
    }

    /** A table of named tables ({@code [services.web]}); names are checked here. */
    private Map<String, Map<String, Object>> tables(String key, Object value) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem(key, "must be a table of named tables ([" + key + ".NAME])");
            return out;
        }
        map.forEach((k, v) -> {
            String name = (String) k;
            if (!NAME.matcher(name).matches()) {
                problem(key + "." + name, "is not a valid name: 1 to 63 letters, digits, '_', '.' or '-'");
            } else if (!(v instanceof Map<?, ?> table)) {
                problem(key + "." + name, "must be a table");
            } else {
                Map<String, Object> t = new LinkedHashMap<>();
                table.forEach((tk, tv) -> t.put((String) tk, tv));
                out.put(name, t);
            }
        });
        return out;
    }

    private Optional<String> string(String at, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        problem(at, "must be a string");
        return Optional.empty();
    }

    private void unknownKeys(String prefix, Map<String, Object> table, Set<String> known) {
        for (String key : table.keySet()) {
            if (!known.contains(key)) {
                problem(prefix + key, "unknown key; expected one of " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private void problem(String subject, String message) {
        problems.add(new Problem(subject, message));
    }
}
