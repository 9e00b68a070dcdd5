package dev.nucleus.linux.cgroup;

import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.IoLimit;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.ports.CgroupException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Pure: the control-file writes that put {@link Resources} into a cgroup, in the order they are
 * written, for cgroup v2 ({@link #v2}) and for cgroup v1 ({@link #v1}). Each write names the
 * controller it needs, so the driver can place it in the hierarchy carrying that controller.
 */
public final class LimitPlan {
    /** The CFS period, in microseconds, that every CPU quota is expressed against. */
    public static final long CPU_PERIOD_US = 100_000;

    /** When a write happens. */
    public enum Need {
        /** The limit was asked for: an unusable controller is an error. */
        REQUIRED,
        /** Written when the controller is usable, skipped otherwise ({@code pids.max max}). */
        IF_CONTROLLER,
        /** Written when the control file exists (swap accounting may be compiled out). */
        IF_FILE
    }

    /**
     * One write of {@code value} to {@code file}.
     *
     * @param limit the request it comes from, as the user wrote it ({@code --memory}), for messages
     */
    public record Write(String controller, String file, String value, Need need, String limit) {
    }

    /** A write placed in the container's directory of the hierarchy that carries its controller. */
    public record Placed(Path dir, Write write) {
    }

    /** The cgroup2 controllers limits use, in the order their writes are made. */
    public static final List<String> V2_CONTROLLERS = List.of("memory", "cpu", "pids", "io");

    private LimitPlan() {
    }

    /**
     * Decides, before anything is written, where each controller's limits go: to cgroup2
     * ({@code v2Dir}) when the controller is enabled there, else to the v1 hierarchy carrying it
     * ({@code io} is {@code blkio} on v1). A required limit with neither fails, naming the
     * controller; {@code unusable} gives the reason known for a v1 controller (such as an
     * unwritable own cgroup).
     */
    public static List<Placed> place(Resources r, Optional<Path> v2Dir, Set<String> v2Enabled,
                                     Map<String, Path> v1Dirs, Map<String, String> unusable) throws CgroupException {
        List<Write> v2Plan = v2(r);
        List<Write> v1Plan = v1(r);
        List<Placed> placed = new ArrayList<>();
        for (String controller : V2_CONTROLLERS) {
            List<Write> want = Lists.filter(v2Plan, w -> w.controller().equals(controller));
            if (want.isEmpty()) {
                continue;
            }
            String v1Name = controller.equals("io") ? "blkio" : controller;
            if (v2Dir.isPresent() && v2Enabled.contains(controller)) {
                for (Write w : want) {
                    placed.add(new Placed(v2Dir.get(), w));
                }
            } else if (v1Dirs.containsKey(v1Name)) {
                for (Write w : Lists.filter(v1Plan, w -> w.controller().equals(v1Name))) {
                    placed.add(new Placed(v1Dirs.get(v1Name), w));
                }
            } else {
                Optional<Write> required = Lists.first(want, w -> w.need() == Need.REQUIRED);
                if (required.isPresent()) {
                    String why = unusable.getOrDefault(v1Name, "not mounted as cgroup v1"
                            + (v1Name.equals(controller) ? "" : " (" + v1Name + ")")
                            + (v2Dir.isPresent() ? " and not enabled in " + v2Dir.get().resolve("cgroup.controllers")
                            : " and no cgroup2 hierarchy is usable"));
                    throw CgroupException.controllerUnavailable(controller, required.get().limit(), why);
                }
            }
        }
        return List.copyOf(placed);
    }


    /** v2: memory.max, memory.high (90%), memory.swap.max, memory.oom.group, cpu.max, cpu.weight, pids.max, io.max. */
    public static List<Write> v2(Resources r) {
        List<Write> w = new ArrayList<>();
        r.memory().ifPresent(m -> {
            long bytes = m.bytes();
            w.add(new Write("memory", "memory.max", Long.toString(bytes), Need.REQUIRED, "--memory"));
            w.add(new Write("memory", "memory.high", Long.toString(high(bytes)), Need.REQUIRED, "--memory"));
            if (!r.swap()) {
                w.add(new Write("memory", "memory.swap.max", "0", Need.IF_FILE, "--memory"));
            }
            w.add(new Write("memory", "memory.oom.group", "1", Need.IF_FILE, "--memory"));
        });
        r.cpus().ifPresent(c -> w.add(new Write("cpu", "cpu.max",
                c.quotaMicros(CPU_PERIOD_US) + " " + CPU_PERIOD_US, Need.REQUIRED, "--cpus")));
        r.cpuWeight().ifPresent(weight -> w.add(new Write("cpu", "cpu.weight", Integer.toString(weight),
                Need.REQUIRED, "--cpu-weight")));
        w.add(pids("pids.max", r.pids()));
        for (IoLimit io : r.io()) {
            w.add(new Write("io", "io.max", io.toString(), Need.REQUIRED, "--io-limit"));
        }
        return List.copyOf(w);
    }

    /**
     * v1: memory.limit_in_bytes (+ memory.memsw.limit_in_bytes, the same, without swap; memory.oom_control
     * 0, the OOM killer on),
     * cpu.cfs_period_us + cpu.cfs_quota_us, cpu.shares, pids.max, blkio.throttle.*_device.
     */
    public static List<Write> v1(Resources r) {
        List<Write> w = new ArrayList<>();
        r.memory().ifPresent(m -> {
            String bytes = Long.toString(m.bytes());
            w.add(new Write("memory", "memory.limit_in_bytes", bytes, Need.REQUIRED, "--memory"));
            if (!r.swap()) {
                w.add(new Write("memory", "memory.memsw.limit_in_bytes", bytes, Need.IF_FILE, "--memory"));
            }
            // oom_kill_disable 0: at its limit the container is OOM-killed, never left hanging
            w.add(new Write("memory", "memory.oom_control", "0", Need.IF_FILE, "--memory"));
        });
        r.cpus().ifPresent(c -> {
            w.add(new Write("cpu", "cpu.cfs_period_us", Long.toString(CPU_PERIOD_US), Need.REQUIRED, "--cpus"));
            w.add(new Write("cpu", "cpu.cfs_quota_us", Long.toString(c.quotaMicros(CPU_PERIOD_US)),
                    Need.REQUIRED, "--cpus"));
        });
        r.cpuWeight().ifPresent(weight -> w.add(new Write("cpu", "cpu.shares", Long.toString(Resources.cpuShares(weight)),
                Need.REQUIRED, "--cpu-weight")));
        w.add(pids("pids.max", r.pids()));
        for (IoLimit io : r.io()) {
            String dev = io.device().concat(" ");
            throttle(w, "blkio.throttle.read_bps_device", dev, io.readBps());
            throttle(w, "blkio.throttle.write_bps_device", dev, io.writeBps());
            throttle(w, "blkio.throttle.read_iops_device", dev, io.readIops());
            throttle(w, "blkio.throttle.write_iops_device", dev, io.writeIops());
        }
        return List.copyOf(w);
    }

    /** memory.high: 90% of memory.max, so reclaim starts before the OOM killer. */
    public static long high(long max) {
        return max / 10 * 9 + (max % 10) * 9 / 10;
    }

    private static Write pids(String file, long pids) {
        return pids == 0
                ? new Write("pids", file, "max", Need.IF_CONTROLLER, "--pids 0")
                : new Write("pids", file, Long.toString(pids), Need.REQUIRED, "--pids");
    }

    // No lambda and no string concatenation (String.concat instead): --io-limit's path is not in the
    // AOT cache, and linking such call sites cold cost a start with it some 3 ms.
    private static void throttle(List<Write> w, String file, String dev, OptionalLong value) {
        if (value.isPresent()) {
            w.add(new Write("blkio", file, dev.concat(Long.toString(value.getAsLong())), Need.REQUIRED, "--io-limit"));
        }
    }
}
