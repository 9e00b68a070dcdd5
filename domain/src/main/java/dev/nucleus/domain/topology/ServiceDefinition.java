package dev.nucleus.domain.topology;

import dev.nucleus.domain.launch.LaunchOption;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One service of a topology as the launch it becomes: its launch options (in their text form, as
 * a config document gives them), its command, what it waits for, and the seconds between its
 * health checks (when it has one), which bound how long a dependent waits for it.
 */
public record ServiceDefinition(String name, Map<LaunchOption, List<String>> options, List<String> command,
                                List<Dependency> dependsOn, OptionalLong healthIntervalSeconds) {
    public ServiceDefinition {
        EnumMap<LaunchOption, List<String>> copy = new EnumMap<>(LaunchOption.class);
        options.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        options = Collections.unmodifiableMap(copy);
        command = List.copyOf(command);
        dependsOn = List.copyOf(dependsOn);
    }

    public boolean hasHealthCheck() {
        return healthIntervalSeconds.isPresent();
    }
}
