package dev.nucleus.cli.events;

import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.IoLimit;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.linux.json.JsonText;

/**
 * The {@code resource_limits} object of the started and summary events: the limits asked for,
 * as the reference names them ({@code null} where none was set).
 */
final class LimitsJson {
    /** The CFS period a --cpus quota is written against. */
    static final long CPU_PERIOD_US = 100_000;

    private LimitsJson() {
    }

    static JsonText write(JsonText json, Resources r) {
        if (r.memory().isPresent()) {
            json.put("memory_bytes", r.memory().get().bytes());
        } else {
            json.putNull("memory_bytes");
        }
        json.put("swap_allowed", r.swap());
        if (r.cpus().isPresent()) {
            json.put("cpu_quota_us", r.cpus().get().quotaMicros(CPU_PERIOD_US)).put("cpu_period_us", CPU_PERIOD_US);
        } else {
            json.putNull("cpu_quota_us").putNull("cpu_period_us");
        }
        if (r.cpuWeight().isPresent()) {
            json.put("cpu_weight", r.cpuWeight().getAsInt());
        } else {
            json.putNull("cpu_weight");
        }
        if (r.pids() > 0) {
            json.put("pids_max", r.pids());
        } else {
            json.putNull("pids_max");
        }
        return json.putStrings("io_limits", Lists.map(r.io(), IoLimit::toString))
                .put("memlock_bytes", r.memlock().bytes());
    }
}
