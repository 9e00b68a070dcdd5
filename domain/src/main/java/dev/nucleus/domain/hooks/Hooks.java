package dev.nucleus.domain.hooks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The hooks of a launch, by point, in file order. */
public record Hooks(Map<HookPoint, List<Hook>> byPoint) {
    public Hooks {
        // A TreeMap keeps the points in declaration order as an EnumMap would, without the
        // reflective read of the enum's constants an EnumMap pays first (a launch makes one).
        Map<HookPoint, List<Hook>> copy = new TreeMap<>();
        byPoint.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byPoint = java.util.Collections.unmodifiableMap(copy);
    }

    public static final Hooks NONE = new Hooks(Map.of());

    public List<Hook> at(HookPoint point) {
        return byPoint.getOrDefault(point, List.of());
    }
}
