package dev.nucleus.domain.seccomp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A seccomp policy: the action for every syscall no rule matches, the architectures it is
 * written for, and the rules (in order; order never changes the meaning, only the cache key).
 */
public record SeccompProfile(SeccompAction defaultAction, List<SeccompArchitecture> architectures,
                             List<SyscallRule> rules) {

    /** Layout version of {@link #canonicalEncoding()}; bump when the layout changes. */
    public static final int ENCODING_VERSION = 1;
    private static final int MAGIC = 0x4E534350; // "NSCP"
    private static final int ACTION_BYTES = 8;
    private static final int CONDITION_BYTES = 24;

    public SeccompProfile {
        if (defaultAction == null) {
            throw new IllegalArgumentException("a seccomp profile needs a default action");
        }
        architectures = List.copyOf(new LinkedHashSet<>(architectures));
        rules = List.copyOf(rules);
        Map<List<Object>, SeccompAction> seen = new HashMap<>();
        for (SyscallRule rule : rules) {
            SeccompAction earlier = seen.putIfAbsent(List.of(rule.name(), rule.conditions()), rule.action());
            if (earlier != null && !earlier.equals(rule.action())) {
                throw new IllegalArgumentException("conflicting seccomp rules for " + rule.name()
                        + (rule.unconditional() ? "" : " when " + rule.conditions()) + ": " + earlier + " and "
                        + rule.action());
            }
        }
    }

    /** Rules for {@code name}, in profile order. */
    public List<SyscallRule> rulesFor(String name) {
        List<SyscallRule> out = new ArrayList<>();
        for (SyscallRule r : rules) {
            if (r.name().equals(name)) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    /** Every syscall name that has at least one rule, in first-appearance order. */
    public Set<String> syscallNames() {
        Set<String> names = new LinkedHashSet<>();
        rules.forEach(r -> names.add(r.name()));
        return Collections.unmodifiableSet(names);
    }

    /** Names with exactly one rule, unconditional, whose action is {@code action}. */
    public Set<String> unconditionalNames(SeccompAction action) {
        // One pass (a name's rules counted as they come): this runs on every launch.
        Map<String, SyscallRule> only = new LinkedHashMap<>();
        Set<String> several = new HashSet<>();
        for (SyscallRule rule : rules) {
            if (only.putIfAbsent(rule.name(), rule) != null) {
                several.add(rule.name());
            }
        }
        Set<String> names = new LinkedHashSet<>();
        only.forEach((name, rule) -> {
            if (!several.contains(name) && rule.unconditional() && rule.action().equals(action)) {
                names.add(name);
            }
        });
        return Collections.unmodifiableSet(names);
    }

    /** Names that have at least one rule with argument conditions. */
    public Set<String> argumentFilteredNames() {
        Set<String> names = new LinkedHashSet<>();
        for (SyscallRule r : rules) {
            if (!r.unconditional()) {
                names.add(r.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * A byte string that identifies this profile exactly (equal profiles, equal bytes; any
     * difference, different bytes), for cache keys and digests. Big-endian; layout:
     * magic "NSCP", version, default action (kind ordinal, data), architecture count and
     * ordinals, rule count, then per rule: name length and UTF-8 bytes, action, condition count
     * and per condition (index, op ordinal, value, valueTwo).
     */
    public byte[] canonicalEncoding() {
        List<byte[]> names = new java.util.ArrayList<>(rules.size());
        int size = 4 + 4 + ACTION_BYTES + 4 + 4 * architectures.size() + 4;
        for (SyscallRule rule : rules) {
            byte[] name = rule.name().getBytes(StandardCharsets.UTF_8);
            names.add(name);
            size += 4 + name.length + ACTION_BYTES + 4 + CONDITION_BYTES * rule.conditions().size();
        }
        // Big-endian by hand, not a ByteBuffer: this runs cold on every launch, and each
        // ByteBuffer.putInt is a deep interpreted call chain.
        BigEndian b = new BigEndian(size);
        b.putInt(MAGIC).putInt(ENCODING_VERSION);
        putAction(b, defaultAction);
        b.putInt(architectures.size());
        for (SeccompArchitecture arch : architectures) {
            b.putInt(arch.ordinal());
        }
        b.putInt(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            SyscallRule rule = rules.get(i);
            b.putInt(names.get(i).length).put(names.get(i));
            putAction(b, rule.action());
            b.putInt(rule.conditions().size());
            for (ArgCondition c : rule.conditions()) {
                b.putInt(c.index()).putInt(c.op().ordinal()).putLong(c.value()).putLong(c.valueTwo());
            }
        }
        return b.bytes;
    }

    private static void putAction(BigEndian b, SeccompAction action) {
        b.putInt(action.kind().ordinal()).putInt(action.data());
    }

    /** A fixed-size big-endian writer, as ByteBuffer's default order writes. */
    private static final class BigEndian {
        final byte[] bytes;
        private int at;

        BigEndian(int size) {
            bytes = new byte[size];
        }

        BigEndian putInt(int v) {
            bytes[at++] = (byte) (v >>> 24);
            bytes[at++] = (byte) (v >>> 16);
            bytes[at++] = (byte) (v >>> 8);
            bytes[at++] = (byte) v;
            return this;
        }

        BigEndian putLong(long v) {
            return putInt((int) (v >>> 32)).putInt((int) v);
        }

        BigEndian put(byte[] b) {
            System.arraycopy(b, 0, bytes, at, b.length);
            at += b.length;
            return this;
        }
    }
}
