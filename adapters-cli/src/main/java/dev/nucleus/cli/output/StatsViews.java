package dev.nucleus.cli.output;

import dev.nucleus.cli.events.StatsJson;
import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.linux.json.JsonText;
import dev.nucleus.ports.in.ManageContainers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code nucleus stats}: a table like {@code docker stats}, or JSON with the raw values. */
public final class StatsViews {
    static final List<String> HEADER = List.of("ID", "NAME", "CPU TIME", "CPU %", "MEM USAGE / LIMIT", "MEM %",
            "SWAP", "PIDS", "BLOCK I/O");

    /** One container: its latest stats and the CPU share between two samples. */
    public record Row(String id, String name, ResourceStats stats, Optional<Double> cpuPercent) {
    }

    private StatsViews() {
    }

    /** Rows for the containers present in both samples. */
    public static List<Row> rows(List<ManageContainers.Usage> before, List<ManageContainers.Usage> after,
                                 long wallNanos) {
        List<Row> rows = new ArrayList<>();
        for (ManageContainers.Usage a : after) {
            Optional<Long> earlier = before.stream().filter(b -> b.container().facts().id()
                    .equals(a.container().facts().id())).findFirst().flatMap(b -> b.stats().cpuNanos());
            Optional<Double> percent = earlier.flatMap(e -> a.stats().cpuNanos()
                    .map(n -> wallNanos <= 0 ? 0.0 : 100.0 * (n - e) / wallNanos));
            rows.add(new Row(a.container().facts().id(), a.container().facts().name(), a.stats(), percent));
        }
        return rows;
    }

    public static String json(List<Row> rows) {
        List<String> objects = new ArrayList<>();
        for (Row r : rows) {
            JsonText o = JsonText.indented().put("id", r.id()).put("name", r.name());
            if (r.cpuPercent().isPresent()) {
                o.put("cpu_percent", Math.round(r.cpuPercent().get() * 100) / 100.0);
            } else {
                o.putNull("cpu_percent");
            }
            objects.add(StatsJson.write(o, r.stats()).finish());
        }
        return JsonText.indentedArray(objects);
    }

    public static String table(List<Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row r : rows) {
            ResourceStats s = r.stats();
            cells.add(List.of(r.id().substring(0, 12), r.name(),
                    s.cpuNanos().map(n -> String.format(Locale.ROOT, "%.2fs", n / 1e9)).orElse("-"),
                    r.cpuPercent().map(p -> String.format(Locale.ROOT, "%.2f%%", p)).orElse("-"),
                    bytes(s.memoryBytes()) + " / " + s.memoryLimitBytes().map(StatsViews::bytes).orElse("unlimited"),
                    s.memoryPercent().map(p -> String.format(Locale.ROOT, "%.2f%%", p)).orElse("-"),
                    bytes(s.swapBytes()),
                    s.pids().map(String::valueOf).orElse("-") + s.pidsLimit().map(l -> " / " + l).orElse(""),
                    bytes(s.ioReadBytes()) + " / " + bytes(s.ioWriteBytes())));
        }
        return TextTable.render(cells);
    }

    static String bytes(Optional<Long> value) {
        return value.map(StatsViews::bytes).orElse("-");
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + "B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
    }
}
