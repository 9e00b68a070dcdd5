package dev.nucleus.linux.backend;

import dev.nucleus.domain.net.BrokerEnvironment;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.value.EnvVar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The workload's environment, built from scratch: never Nucleus's own. -e entries override defaults. */
final class WorkloadEnvironment {
    private WorkloadEnvironment() {
    }

    /** {@code fromFd} (--env-fd) comes last: it overrides -e, which overrides the defaults. */
    static List<String> of(ContainerSpec spec, String hostname, String id, List<EnvVar> fromFd) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", ProgramLocator.PATH);
        env.put("HOME", spec.request().filesystem().home().path());
        env.put("TERM", "xterm");
        env.put("HOSTNAME", hostname);
        if (spec.request().gpu().enabled()) { // what NVIDIA's container tooling reads; -e may override them
            env.put("NVIDIA_VISIBLE_DEVICES", spec.request().gpu().visibleDevices());
            env.put("NVIDIA_DRIVER_CAPABILITIES", spec.request().gpu().driverCapabilities());
        }
        for (EnvVar e : BrokerEnvironment.of(spec.request().network(), id)) { // --credential-broker's proxies
            env.put(e.key(), e.value());
        }
        for (EnvVar e : spec.request().workload().env()) {
            env.put(e.key(), e.value());
        }
        for (EnvVar e : fromFd) {
            env.put(e.key(), e.value());
        }
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
