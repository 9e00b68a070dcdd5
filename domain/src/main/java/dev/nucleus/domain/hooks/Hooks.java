package dev.nucleus.domain.hooks;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The hooks of a launch, by point, in file order. */
public record Hooks(Map<HookPoint, List<Hook>> byPoint) {
    public Hooks {
        EnumMap<HookPoint, List<Hook>> copy = new EnumMap<>(HookPoint.class);
        byPoint.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byPoint = java.util.Collections.unmodifiableMap(copy);
    }

    public static final Hooks NONE = new Hooks(Map.of());

    public List<Hook> at(HookPoint point) {
        return byPoint.getOrDefault(point, List.of());
    }
}
