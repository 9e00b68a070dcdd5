package dev.nucleus.domain.launch;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A launch request as text: the values given for each option (a flag's value is "true" or "false",
 * a single value is a one-element list) and the workload command. Produced by the CLI parser or the
 * config loader; turned into a typed request by {@link LaunchRequestParser}.
 */
public record RawLaunchRequest(Map<LaunchOption, List<String>> values, List<String> command, Origin origin) {
    /** Where the request came from; error messages name flags or config keys accordingly. */
    public enum Origin { FLAGS, CONFIG_DOCUMENT }

    public RawLaunchRequest {
        EnumMap<LaunchOption, List<String>> copy = new EnumMap<>(LaunchOption.class);
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = Collections.unmodifiableMap(copy);
        command = List.copyOf(command);
    }

    public List<String> get(LaunchOption option) {
        return values.getOrDefault(option, List.of());
    }

    public boolean has(LaunchOption option) {
        return values.containsKey(option);
    }

    /** How to name an option in a message: {@code --memory} or {@code key 'memory'}. */
    public String subject(LaunchOption option) {
        return origin == Origin.FLAGS ? option.flag() : "key '" + option.configKey() + "'";
    }

    public String commandSubject() {
        return origin == Origin.FLAGS ? "command" : "key '" + LaunchOption.COMMAND_KEY + "'";
    }
}
