package dev.nucleus.domain.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A capability policy: what the workload keeps of each capability set (bit i = capability i).
 * Everything not kept is dropped.
 *
 * <p>Document shape (a parsed TOML file), every table optional, no other keys:
 * <pre>
 * [bounding]    keep = ["NET_BIND_SERVICE"]
 * [effective]   keep = ["NET_BIND_SERVICE"]
 * [inheritable] keep = []
 * [ambient]     keep = []
 * </pre>
 *
 * <p>The kernel's rules, and how this policy meets them:
 * <ul>
 *   <li>effective, inheritable and ambient capabilities must be in the bounding set (a capability the
 *   bounding set drops cannot be raised into inheritable, and nothing outside it survives execve):
 *   a policy that lists one anyway is refused, naming it.</li>
 *   <li>permitted is not written by the policy: it is effective ∪ inheritable ∪ ambient, the least the
 *   kernel accepts (effective ⊆ permitted; an ambient capability must be permitted).</li>
 *   <li>an ambient capability must also be inheritable: ambient capabilities are added to the inheritable
 *   set automatically (listing them twice is not required).</li>
 * </ul>
 * For a workload running as uid 0, execve recomputes the sets from the bounding set (a root process gets
 * every bounding capability), so for root the bounding set is what counts.
 */
public record CapabilityPolicy(long bounding, long effective, long inheritable, long ambient) {
    private static final Set<String> SECTIONS = Set.of("bounding", "effective", "inheritable", "ambient");
    private static final Set<String> SECTION_KEYS = Set.of("keep");

    /** The permitted set the kernel needs for these sets. */
    public long permitted() {
        return effective | inheritable | ambient;
    }

    /** The inheritable set to install: the policy's plus the ambient capabilities (the kernel's rule). */
    public long inheritableWithAmbient() {
        return inheritable | ambient;
    }

    /** Every capability the policy keeps in any set, without CAP_, for the mode's deny list. */
    public List<String> keptNames() {
        return CapabilityNames.names(bounding | permitted());
    }

    /** Validates a parsed document, reporting every problem at once. */
    public static CapabilityPolicy fromDocument(Map<String, ?> document) throws InvalidPolicyException {
        List<String> problems = new ArrayList<>();
        PolicyDocument.unknownKeys("", document, SECTIONS, problems);
        long bounding = section(document, "bounding", problems);
        long effective = section(document, "effective", problems);
        long inheritable = section(document, "inheritable", problems);
        long ambient = section(document, "ambient", problems);
        outsideBounding("effective", effective, bounding, problems);
        outsideBounding("inheritable", inheritable, bounding, problems);
        outsideBounding("ambient", ambient, bounding, problems);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException("invalid capability policy", problems);
        }
        return new CapabilityPolicy(bounding, effective, inheritable, ambient);
    }

    private static long section(Map<String, ?> document, String name, List<String> problems) {
        Object value = document.get(name);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Map<?, ?> table)) {
            problems.add("[" + name + "] must be a table with a keep list, not " + PolicyDocument.describe(value));
            return 0;
        }
        PolicyDocument.unknownKeys("[" + name + "] ", table, SECTION_KEYS, problems);
        if (!table.containsKey("keep")) {
            return 0;
        }
        long mask = 0;
        for (String cap : PolicyDocument.strings("[" + name + "] keep ", table.get("keep"), problems)) {
            var number = CapabilityNames.number(cap);
            if (number.isPresent()) {
                mask |= 1L << number.get();
            } else {
                problems.add("[" + name + "] keep: unknown capability \"" + cap + "\""
                        + CapabilityNames.nearest(cap).map(n -> " (did you mean " + n + "?)").orElse(""));
            }
        }
        return mask;
    }

    private static void outsideBounding(String name, long set, long bounding, List<String> problems) {
        for (String cap : CapabilityNames.names(set & ~bounding)) {
            problems.add("[" + name + "] keeps CAP_" + cap + ", which [bounding] drops"
                    + " (add it to [bounding] keep, or remove it from [" + name + "])");
        }
    }
}
