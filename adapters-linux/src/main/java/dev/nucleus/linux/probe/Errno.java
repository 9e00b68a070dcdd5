package dev.nucleus.linux.probe;

import java.util.Map;

/** Names for the errno values the host probe can meet, so reasons read like the man pages. */
final class Errno {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(4, "EINTR"), Map.entry(10, "ECHILD"),
            Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"),
            Map.entry(22, "EINVAL"), Map.entry(28, "ENOSPC"), Map.entry(38, "ENOSYS"), Map.entry(87, "EUSERS"),
            Map.entry(95, "EOPNOTSUPP"));

    private Errno() {
    }

    static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
