package dev.nucleus.linux.cgroup;

import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.ports.CgroupException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a container's resource use from its cgroup files: cgroup2's {@code cpu.stat},
 * {@code memory.current}/{@code .max}/{@code .swap.current}/{@code .events}, {@code pids.*},
 * {@code io.stat}; or v1's {@code cpuacct.usage}, {@code memory.usage_in_bytes}/
 * {@code .limit_in_bytes}/{@code .memsw.usage_in_bytes}/{@code .oom_control}, {@code pids.*},
 * {@code blkio.throttle.io_service_bytes}. Each value comes from the hierarchy that holds its
 * controller; one that no hierarchy holds is left empty.
 */
final class CgroupStats {
    /** v1 reports "no limit" as a page-rounded LONG_MAX. */
    static final long V1_UNLIMITED = 1L << 62;

    private CgroupStats() {
    }

    static ResourceStats read(List<LinuxContainerCgroup.Member> members, ControlFiles files) {
        Reader r = new Reader(members, files);
        return new ResourceStats(r.cpu(), r.memory(), r.memoryLimit(), r.swap(), r.value("pids", "pids.current"),
                r.limit("pids", "pids.max"), r.io("read"), r.io("write"), r.oomKills());
    }

    /** The OOM kill count alone (one file). */
    static Optional<Long> oomKills(List<LinuxContainerCgroup.Member> members, ControlFiles files) {
        return new Reader(members, files).oomKills();
    }

    private record Reader(List<LinuxContainerCgroup.Member> members, ControlFiles files,
                          Map<Path, Optional<String>> read) {
        Reader(List<LinuxContainerCgroup.Member> members, ControlFiles files) {
            this(members, files, new HashMap<>());
        }

        /** The directory holding a controller, and whether it is cgroup2. */
        Optional<LinuxContainerCgroup.Member> holder(String controller) {
            for (LinuxContainerCgroup.Member m : members) {
                if (!m.unified() && List.of(m.label().split(",")).contains(controller)) {
                    return Optional.of(m);
                }
            }
            for (LinuxContainerCgroup.Member m : members) {
                if (m.unified() && files.exists(m.dir(), controller.equals("cpuacct") ? "cpu.stat"
                        : controller + (controller.equals("io") ? ".stat" : ".current"))) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }

        /** Each file read once (swap needs memory use again, io both directions from one file). */
        Optional<String> text(Path dir, String file) {
            return read.computeIfAbsent(dir.resolve(file), f -> {
                try {
                    return Optional.of(files.read(dir, file));
                } catch (CgroupException e) {
                    return Optional.empty();
                }
            });
        }

        Optional<Long> value(String controller, String file) {
            return holder(controller).flatMap(m -> text(m.dir(), file)).flatMap(CgroupStats::number);
        }

        Optional<Long> limit(String controller, String file) {
            return value(controller, file).filter(v -> v < V1_UNLIMITED);
        }

        Optional<Long> cpu() {
            return holder("cpuacct").flatMap(m -> m.unified()
                    ? text(m.dir(), "cpu.stat").flatMap(t -> field(t, "usage_usec")).map(us -> us * 1000)
                    : text(m.dir(), "cpuacct.usage").flatMap(CgroupStats::number));
        }

        Optional<Long> memory() {
            return holder("memory").flatMap(m -> text(m.dir(), m.unified() ? "memory.current" : "memory.usage_in_bytes")
                    .flatMap(CgroupStats::number));
        }

        Optional<Long> memoryLimit() {
            return holder("memory").flatMap(m -> text(m.dir(), m.unified() ? "memory.max" : "memory.limit_in_bytes")
                    .flatMap(CgroupStats::number)).filter(v -> v < V1_UNLIMITED);
        }

        Optional<Long> swap() {
            return holder("memory").flatMap(m -> {
                if (m.unified()) {
                    return text(m.dir(), "memory.swap.current").flatMap(CgroupStats::number);
                }
                Optional<Long> both = text(m.dir(), "memory.memsw.usage_in_bytes").flatMap(CgroupStats::number);
                Optional<Long> mem = text(m.dir(), "memory.usage_in_bytes").flatMap(CgroupStats::number);
                return both.flatMap(b -> mem.map(u -> Math.max(0, b - u)));
            });
        }

        Optional<Long> oomKills() {
            return holder("memory").flatMap(m -> text(m.dir(), m.unified() ? "memory.events" : "memory.oom_control")
                    .flatMap(t -> field(t, "oom_kill")));
        }

        /** Bytes read or written, summed over devices. */
        Optional<Long> io(String direction) {
            Optional<LinuxContainerCgroup.Member> m = holder("blkio").or(() -> holder("io"));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            if (m.get().unified()) {
                String key = direction.equals("read") ? "rbytes=" : "wbytes=";
                return text(m.get().dir(), "io.stat").map(t -> {
                    long sum = 0;
                    for (String token : words(t)) {
                        if (token.startsWith(key)) {
                            sum += Long.parseLong(token.substring(key.length()));
                        }
                    }
                    return sum;
                });
            }
            String op = direction.equals("read") ? "Read" : "Write";
            return text(m.get().dir(), "blkio.throttle.io_service_bytes").map(t -> {
                long sum = 0;
                for (String line : t.split("\n")) {
                    List<String> f = words(line);
                    if (f.size() == 3 && f.get(1).equals(op)) {
                        sum += Long.parseLong(f.get(2));
                    }
                }
                return sum;
            });
        }
    }

    static Optional<Long> number(String text) {
        String t = text.strip();
        if (t.equals("max")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** "key value" lines (cpu.stat, memory.events, memory.oom_control). */
    static Optional<Long> field(String text, String key) {
        for (String line : text.split("\n")) {
            List<String> f = words(line);
            if (f.size() == 2 && f.get(0).equals(key)) {
                return number(f.get(1));
            }
        }
        return Optional.empty();
    }

    /** The blank-separated words of {@code text} (no regex: a cold start compiles none). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean blank = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (!blank && start < 0) {
                start = i;
            } else if (blank && start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            }
        }
        return out;
    }
}
