package dev.nucleus.domain.policy;

import dev.nucleus.domain.value.AsciiText;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every Linux capability (linux/capability.h), by number: CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40.
 * Names are accepted with or without the {@code CAP_} prefix, in any case.
 */
public final class CapabilityNames {
    /** Index = capability number; names without CAP_. */
    private static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
            "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
            "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
            "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
            "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
            "CHECKPOINT_RESTORE");

    /** The highest capability number this table knows (CAP_LAST_CAP of Linux 5.9 and later). */
    public static final int LAST = NAMES.size() - 1;

    private CapabilityNames() {
    }

    /** The number of a capability name (with or without CAP_, any case), if it is one. */
    public static Optional<Integer> number(String name) {
        int i = NAMES.indexOf(canonical(name));
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    /** The name without CAP_, upper case, e.g. "cap_net_raw" → "NET_RAW" (not checked). */
    public static String canonical(String name) {
        String upper = AsciiText.upperCase(name.trim());
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }

    /** The valid name nearest to a misspelt one, as CAP_X. */
    public static Optional<String> nearest(String name) {
        return PolicyDocument.nearest(canonical(name), NAMES).map(n -> "CAP_" + n);
    }

    /** The name of capability {@code number}, without CAP_. */
    public static String name(int number) {
        return NAMES.get(number);
    }

    /** The names (without CAP_) of the capabilities in a mask, in number order. */
    public static List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= LAST; i++) {
            if ((mask & (1L << i)) != 0) {
                out.add(NAMES.get(i));
            }
        }
        return out;
    }
}
