package dev.nucleus.ports.out;

import dev.nucleus.domain.value.EnvVar;

import java.util.List;

/**
 * Values that reach the workload without ever being in argv, the spec, logs or state: environment
 * read from {@code --env-fd}. Rendered without values.
 */
public record LaunchSecrets(List<EnvVar> environment) {
    public LaunchSecrets {
        environment = List.copyOf(environment);
    }

    public static LaunchSecrets none() {
        return new LaunchSecrets(List.of());
    }

    @Override
    public String toString() {
        return "LaunchSecrets[" + environment.size() + " environment entries]";
    }
}
