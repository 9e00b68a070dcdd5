package dev.nucleus.domain.seccomp;

import java.util.List;

/**
 * {@code action} for syscall {@code name} when every condition holds (AND). Several rules for
 * one name are alternatives (OR); a rule without conditions matches every call.
 */
public record SyscallRule(String name, SeccompAction action, List<ArgCondition> conditions) {
    /** libseccomp's {@code ARG_COUNT_MAX}: at most one comparison per syscall argument slot. */
    public static final int MAX_CONDITIONS = 6;

    public SyscallRule {
        if (!isSyscallName(name)) {
            throw new IllegalArgumentException("a syscall name is lower-case letters, digits and '_' (at most 64), got '"
                    + name + "'");
        }
        if (action == null) {
            throw new IllegalArgumentException("syscall rule for " + name + " needs an action");
        }
        conditions = List.copyOf(conditions);
        if (conditions.size() > MAX_CONDITIONS) {
            throw new IllegalArgumentException("syscall rule for " + name + " has " + conditions.size()
                    + " argument conditions; at most " + MAX_CONDITIONS);
        }
    }

    /** {@code [a-z_][a-z0-9_]{0,63}}, checked by hand: a default profile builds some 230 rules per launch. */
    /** Lower-case letters, digits and '_', not starting with a digit, at most 64 (as libseccomp names them). */
    public static boolean isSyscallName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code action} for every call of {@code name}. */
    public static SyscallRule of(String name, SeccompAction action) {
        return new SyscallRule(name, action, List.of());
    }

    /** {@code action} for calls of {@code name} where all {@code conditions} hold. */
    public static SyscallRule of(String name, SeccompAction action, ArgCondition... conditions) {
        return new SyscallRule(name, action, List.of(conditions));
    }

    public boolean unconditional() {
        return conditions.isEmpty();
    }
}
