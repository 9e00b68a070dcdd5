package dev.nucleus.gvisor;

import dev.nucleus.domain.hooks.Hook;
import dev.nucleus.domain.hooks.HookPoint;
import dev.nucleus.domain.hooks.Hooks;
import dev.nucleus.domain.policy.CapabilityNames;
import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.IoLimit;
import dev.nucleus.domain.value.Lists;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.StringWriter;
import java.util.List;

/**
 * The OCI runtime-spec config.json runsc runs: the same validated spec the native backend uses,
 * as a process with no capability in any set and no_new_privs, a read-only root, the standard
 * kernel file systems, the launch's binds, masked and read-only /proc paths, limits, and a
 * cgroupsPath (the reference never sets one). Serialized with Jackson (its streaming generator).
 */
public final class OciConfig {
    public static final String OCI_VERSION = "1.0.2";
    static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware");
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");
    private static final JsonFactory JSON = new JsonFactory();

    private OciConfig() {
    }

    /**
     * The config.json text, written with Jackson's streaming generator: databind's mapper would
     * cost a cold start tens of milliseconds before the first byte, for a document this flat.
     */
    public static String json(BundleInputs in) {
        return json(in, Hooks.NONE);
    }

    /**
     * With the launch's --hooks at the points runsc runs them (createRuntime, poststart, poststop;
     * {@link #refusedHookPoints} names the others, which would have to run inside the sandbox).
     */
    public static String json(BundleInputs in, Hooks hooks) {
        List<HookPoint> refused = refusedHookPoints(hooks);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("hooks at " + refused + " cannot run under gVisor");
        }
        StringWriter text = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            write(g, in, hooks);
        }
        return text.toString();
    }

    /** Hook points that would run inside the sandbox's namespaces: runsc has no such moment. */
    public static List<HookPoint> refusedHookPoints(Hooks hooks) {
        return Lists.filter(List.of(HookPoint.CREATE_CONTAINER, HookPoint.START_CONTAINER), p -> !hooks.at(p).isEmpty());
    }

    private static void write(JsonGenerator g, BundleInputs in, Hooks hooks) {
        g.writeStartObject();
        g.writeStringProperty("ociVersion", OCI_VERSION);
        g.writeName("process");
        g.writeStartObject();
        g.writeBooleanProperty("terminal", in.console().isPresent());
        if (in.console().isPresent()) {
            g.writeName("consoleSize");
            g.writeStartObject();
            g.writeNumberProperty("height", in.console().get().rows());
            g.writeNumberProperty("width", in.console().get().columns());
            g.writeEndObject();
        }
        g.writeName("user");
        g.writeStartObject();
        g.writeNumberProperty("uid", in.uid());
        g.writeNumberProperty("gid", in.gid());
        if (!in.additionalGids().isEmpty()) {
            g.writeName("additionalGids");
            g.writeStartArray();
            in.additionalGids().forEach(gid -> g.writeNumber(gid));
            g.writeEndArray();
        }
        g.writeEndObject();
        strings(g, "args", in.args());
        strings(g, "env", in.env());
        g.writeStringProperty("cwd", in.cwd());
        // Every set empty, unless a --caps-policy keeps some (its sets as the native backend applies them).
        var policy = in.capabilities();
        g.writeName("capabilities");
        g.writeStartObject();
        strings(g, "bounding", policy.map(p -> ociNames(p.bounding())).orElse(List.of()));
        strings(g, "effective", policy.map(p -> ociNames(p.effective())).orElse(List.of()));
        strings(g, "inheritable", policy.map(p -> ociNames(p.inheritableWithAmbient())).orElse(List.of()));
        strings(g, "permitted", policy.map(p -> ociNames(p.permitted())).orElse(List.of()));
        strings(g, "ambient", policy.map(p -> ociNames(p.ambient())).orElse(List.of()));
        g.writeEndObject();
        g.writeName("rlimits");
        g.writeStartArray();
        g.writeStartObject();
        g.writeStringProperty("type", "RLIMIT_NOFILE");
        g.writeNumberProperty("hard", 1024);
        g.writeNumberProperty("soft", 1024);
        g.writeEndObject();
        g.writeStartObject(); // --memlock, as native (64 KiB unless asked)
        g.writeStringProperty("type", "RLIMIT_MEMLOCK");
        g.writeNumberProperty("hard", in.limits().memlock().bytes());
        g.writeNumberProperty("soft", in.limits().memlock().bytes());
        g.writeEndObject();
        g.writeEndArray();
        g.writeBooleanProperty("noNewPrivileges", true);
        g.writeEndObject();
        g.writeName("root");
        g.writeStartObject();
        g.writeStringProperty("path", in.rootPath());
        g.writeBooleanProperty("readonly", true);
        g.writeEndObject();
        g.writeStringProperty("hostname", in.hostname());
        g.writeName("mounts");
        g.writeStartArray();
        for (BundleInputs.Mount m : in.mounts()) {
            g.writeStartObject();
            g.writeStringProperty("destination", m.destination());
            g.writeStringProperty("type", m.type());
            g.writeStringProperty("source", m.source());
            strings(g, "options", m.options());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("linux");
        g.writeStartObject();
        g.writeName("namespaces");
        g.writeStartArray();
        // Without a network namespace of its own the sandbox uses the one runsc runs in: the one
        // Nucleus prepared (bridge), or the host's (gvisor-host).
        for (String ns : in.ownNetworkNamespace() ? List.of("pid", "network", "ipc", "uts", "mount")
                : List.of("pid", "ipc", "uts", "mount")) {
            g.writeStartObject();
            g.writeStringProperty("type", ns);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeName("resources");
        g.writeStartObject();
        if (in.memoryBytes().isPresent()) {
            g.writeName("memory");
            g.writeStartObject();
            g.writeNumberProperty("limit", in.memoryBytes().get());
            if (!in.limits().swap()) {
                g.writeNumberProperty("swap", in.memoryBytes().get()); // memory + swap = memory: no swap, as native
            }
            g.writeEndObject();
        }
        if (in.cpuQuotaMicros().isPresent() || in.limits().cpuWeight().isPresent()) {
            g.writeName("cpu");
            g.writeStartObject();
            if (in.limits().cpuWeight().isPresent()) { // v1 shares, converted as native; runsc maps them on v2
                g.writeNumberProperty("shares", Resources.cpuShares(in.limits().cpuWeight().getAsInt()));
            }
            if (in.cpuQuotaMicros().isPresent()) {
                g.writeNumberProperty("quota", in.cpuQuotaMicros().get());
                g.writeNumberProperty("period", BundleInputs.CPU_PERIOD_MICROS);
            }
            g.writeEndObject();
        }
        blockIo(g, in.limits().io());
        g.writeName("pids");
        g.writeStartObject();
        g.writeNumberProperty("limit", in.pids());
        g.writeEndObject();
        g.writeEndObject();
        g.writeStringProperty("cgroupsPath", in.cgroupsPath());
        // --seccomp-profile: the OCI profile (ours, from OciProfileWriter), which runsc applies
        // inside the sandbox (--oci-seccomp).
        if (in.seccompJson().isPresent()) {
            g.writeName("seccomp");
            g.writeRawValue(in.seccompJson().get().strip());
        }
        strings(g, "maskedPaths", MASKED);
        strings(g, "readonlyPaths", READ_ONLY);
        strings(g, "devices", List.of());
        g.writeStringProperty("rootfsPropagation", "private");
        g.writeEndObject();
        writeHooks(g, hooks);
        g.writeName("annotations");
        g.writeStartObject();
        in.annotations().forEach(g::writeStringProperty);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeHooks(JsonGenerator g, Hooks hooks) {
        List<HookPoint> points = Lists.filter(List.of(HookPoint.CREATE_RUNTIME, HookPoint.POSTSTART, HookPoint.POSTSTOP),
                p -> !hooks.at(p).isEmpty());
        if (points.isEmpty()) {
            return;
        }
        g.writeName("hooks");
        g.writeStartObject();
        for (HookPoint point : points) {
            g.writeName(point.ociName());
            g.writeStartArray();
            for (Hook h : hooks.at(point)) {
                g.writeStartObject();
                g.writeStringProperty("path", h.path());
                if (!h.args().isEmpty()) {
                    strings(g, "args", h.args());
                }
                if (!h.env().isEmpty()) {
                    strings(g, "env", h.env());
                }
                if (h.timeoutSeconds().isPresent()) {
                    g.writeNumberProperty("timeout", h.timeoutSeconds().getAsInt());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** OCI spells capabilities with their CAP_ prefix. */
    private static List<String> ociNames(long mask) {
        return Lists.map(CapabilityNames.names(mask), n -> n.startsWith("CAP_") ? n : "CAP_" + n);
    }

    /** --io-limit: the OCI throttles of each device, as the native backend's blkio.throttle.* writes. */
    private static void blockIo(JsonGenerator g, List<IoLimit> limits) {
        if (limits.isEmpty()) {
            return;
        }
        g.writeName("blockIO");
        g.writeStartObject();
        throttles(g, "throttleReadBpsDevice", limits, IoLimit::readBps);
        throttles(g, "throttleWriteBpsDevice", limits, IoLimit::writeBps);
        throttles(g, "throttleReadIOPSDevice", limits, IoLimit::readIops);
        throttles(g, "throttleWriteIOPSDevice", limits, IoLimit::writeIops);
        g.writeEndObject();
    }

    private static void throttles(JsonGenerator g, String name, List<IoLimit> limits,
                                  java.util.function.Function<IoLimit, java.util.OptionalLong> rate) {
        if (!Lists.anyMatch(limits, l -> rate.apply(l).isPresent())) {
            return;
        }
        g.writeName(name);
        g.writeStartArray();
        for (IoLimit l : limits) {
            if (rate.apply(l).isPresent()) {
                g.writeStartObject();
                g.writeNumberProperty("major", l.major());
                g.writeNumberProperty("minor", l.minor());
                g.writeNumberProperty("rate", rate.apply(l).getAsLong());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) {
        g.writeName(name);
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
