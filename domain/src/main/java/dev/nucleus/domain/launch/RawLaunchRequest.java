package dev.nucleus.domain.launch;

import java.util.Collections;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A launch request as text: the values given for each option (a flag's value is "true" or "false",
 * a single value is a one-element list) and the workload command. Produced by the CLI parser or the
 * config loader; turned into a typed request by {@link LaunchRequestParser}.
 *
 * @param keyNames what the document the request was read from calls an option where that is not
 *                 its config key (a topology service's {@code port_forwards} is {@code --publish}):
 *                 messages name the key as the user wrote it
 */
public record RawLaunchRequest(Map<LaunchOption, List<String>> values, List<String> command, Origin origin,
                               Map<LaunchOption, String> keyNames) {
    /** Where the request came from; error messages name flags or config keys accordingly. */
    public enum Origin { FLAGS, CONFIG_DOCUMENT }

    /**
     * A long flag, with its short form when a message gives both ({@code -p/--publish}). In a
     * holder: only a document's request with key names uses it, and every launch makes a request.
     */
    private static final class Flags {
        static final Pattern FLAG = Pattern.compile("(?:-[a-zA-Z]/)?(--[a-z0-9]+(?:-[a-z0-9]+)*)");
    }

    public RawLaunchRequest {
        // TreeMaps keep the options in declaration order as EnumMaps would, without the reflective
        // read of LaunchOption's constants an EnumMap pays first (every launch makes a request).
        Map<LaunchOption, List<String>> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        values = Collections.unmodifiableMap(copy);
        command = List.copyOf(command);
        keyNames = keyNames.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(keyNames));
    }

    /** A request whose options go by their flags or their config keys. */
    public RawLaunchRequest(Map<LaunchOption, List<String>> values, List<String> command, Origin origin) {
        this(values, command, origin, Map.of());
    }

    /** The same request with these values (its command, origin and key names kept). */
    public RawLaunchRequest withValues(Map<LaunchOption, List<String>> newValues) {
        return new RawLaunchRequest(newValues, command, origin, keyNames);
    }

    public List<String> get(LaunchOption option) {
        return values.getOrDefault(option, List.of());
    }

    public boolean has(LaunchOption option) {
        return values.containsKey(option);
    }

    /** How to name an option in a message: {@code --memory} or {@code key 'memory'}. */
    public String subject(LaunchOption option) {
        return origin == Origin.FLAGS ? option.flag() : "key '" + key(option) + "'";
    }

    public String commandSubject() {
        return origin == Origin.FLAGS ? "command" : "key '" + LaunchOption.COMMAND_KEY + "'";
    }

    /**
     * A rule's message in the terms of the document the request came from: each flag it names
     * that the document calls otherwise ({@code --publish}) is named by that key
     * ({@code port_forwards}). Unchanged for a request without such names.
     */
    public String inOwnTerms(String text) {
        if (keyNames.isEmpty()) {
            return text;
        }
        Matcher m = Flags.FLAG.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String flag = m.group(1);
            String named = keyNames.entrySet().stream().filter(e -> e.getKey().flag().equals(flag))
                    .map(Map.Entry::getValue).findFirst().orElse(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(named));
        }
        return m.appendTail(out).toString();
    }

    private String key(LaunchOption option) {
        return keyNames.getOrDefault(option, option.configKey());
    }
}
