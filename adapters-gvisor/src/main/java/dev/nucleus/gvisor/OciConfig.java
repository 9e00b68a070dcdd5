package dev.nucleus.gvisor;

import dev.nucleus.domain.policy.CapabilityNames;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The OCI runtime-spec config.json runsc runs: the same validated spec the native backend uses,
 * as a process with no capability in any set and no_new_privs, a read-only root, the standard
 * kernel file systems, the launch's binds, masked and read-only /proc paths, limits, and a
 * cgroupsPath (the reference never sets one). Serialized with Jackson.
 */
public final class OciConfig {
    public static final String OCI_VERSION = "1.0.2";
    static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware");
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OciConfig() {
    }

    public static String json(BundleInputs in) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(in));
    }

    static ObjectNode tree(BundleInputs in) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ociVersion", OCI_VERSION);
        ObjectNode process = root.putObject("process");
        process.put("terminal", false);
        ObjectNode user = process.putObject("user");
        user.put("uid", in.uid());
        user.put("gid", in.gid());
        if (!in.additionalGids().isEmpty()) {
            ArrayNode gids = user.putArray("additionalGids");
            in.additionalGids().forEach(gids::add);
        }
        strings(process.putArray("args"), in.args());
        strings(process.putArray("env"), in.env());
        process.put("cwd", in.cwd());
        // Every set empty, unless a --caps-policy keeps some (its sets as the native backend applies them).
        ObjectNode caps = process.putObject("capabilities");
        var policy = in.capabilities();
        strings(caps.putArray("bounding"), policy.map(p -> ociNames(p.bounding())).orElse(List.of()));
        strings(caps.putArray("effective"), policy.map(p -> ociNames(p.effective())).orElse(List.of()));
        strings(caps.putArray("inheritable"), policy.map(p -> ociNames(p.inheritableWithAmbient()))
                .orElse(List.of()));
        strings(caps.putArray("permitted"), policy.map(p -> ociNames(p.permitted())).orElse(List.of()));
        strings(caps.putArray("ambient"), policy.map(p -> ociNames(p.ambient())).orElse(List.of()));
        ObjectNode nofile = process.putArray("rlimits").addObject();
        nofile.put("type", "RLIMIT_NOFILE");
        nofile.put("hard", 1024);
        nofile.put("soft", 1024);
        process.put("noNewPrivileges", true);
        ObjectNode rootfs = root.putObject("root");
        rootfs.put("path", in.rootPath());
        rootfs.put("readonly", true);
        root.put("hostname", in.hostname());
        ArrayNode mounts = root.putArray("mounts");
        for (BundleInputs.Mount m : in.mounts()) {
            ObjectNode o = mounts.addObject();
            o.put("destination", m.destination());
            o.put("type", m.type());
            o.put("source", m.source());
            strings(o.putArray("options"), m.options());
        }
        ObjectNode linux = root.putObject("linux");
        ArrayNode namespaces = linux.putArray("namespaces");
        // Without a network namespace of its own the sandbox uses the one runsc runs in: the one
        // Nucleus prepared (bridge), or the host's (gvisor-host).
        for (String ns : in.ownNetworkNamespace() ? List.of("pid", "network", "ipc", "uts", "mount")
                : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.addObject().put("type", ns);
        }
        ObjectNode resources = linux.putObject("resources");
        in.memoryBytes().ifPresent(m -> resources.putObject("memory").put("limit", m));
        in.cpuQuotaMicros().ifPresent(q -> resources.putObject("cpu").put("quota", q)
                .put("period", BundleInputs.CPU_PERIOD_MICROS));
        resources.putObject("pids").put("limit", in.pids());
        linux.put("cgroupsPath", in.cgroupsPath());
        // --seccomp-profile: the OCI profile, which runsc applies inside the sandbox (--oci-seccomp).
        in.seccompJson().ifPresent(json -> linux.set("seccomp", JSON.readTree(json)));
        strings(linux.putArray("maskedPaths"), MASKED);
        strings(linux.putArray("readonlyPaths"), READ_ONLY);
        linux.putArray("devices");
        linux.put("rootfsPropagation", "private");
        ObjectNode annotations = root.putObject("annotations");
        in.annotations().forEach(annotations::put);
        return root;
    }

    /** OCI spells capabilities with their CAP_ prefix. */
    private static List<String> ociNames(long mask) {
        return CapabilityNames.names(mask).stream().map(n -> n.startsWith("CAP_") ? n : "CAP_" + n).toList();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
