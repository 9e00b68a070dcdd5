package dev.nucleus.linux.sys;

import java.util.Map;

/** Names and texts for errno values, so failures read like the man pages. */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final int ENOEXEC = 8;
    public static final int ETIMEDOUT = 110;

    private static final Map<Integer, String[]> KNOWN = Map.ofEntries(
            Map.entry(1, new String[]{"EPERM", "Operation not permitted"}),
            Map.entry(2, new String[]{"ENOENT", "No such file or directory"}),
            Map.entry(4, new String[]{"EINTR", "Interrupted system call"}),
            Map.entry(8, new String[]{"ENOEXEC", "Exec format error"}),
            Map.entry(9, new String[]{"EBADF", "Bad file descriptor"}),
            Map.entry(10, new String[]{"ECHILD", "No child processes"}),
            Map.entry(11, new String[]{"EAGAIN", "Resource temporarily unavailable"}),
            Map.entry(12, new String[]{"ENOMEM", "Cannot allocate memory"}),
            Map.entry(13, new String[]{"EACCES", "Permission denied"}),
            Map.entry(14, new String[]{"EFAULT", "Bad address"}),
            Map.entry(16, new String[]{"EBUSY", "Device or resource busy"}),
            Map.entry(17, new String[]{"EEXIST", "File exists"}),
            Map.entry(20, new String[]{"ENOTDIR", "Not a directory"}),
            Map.entry(21, new String[]{"EISDIR", "Is a directory"}),
            Map.entry(22, new String[]{"EINVAL", "Invalid argument"}),
            Map.entry(24, new String[]{"EMFILE", "Too many open files"}),
            Map.entry(28, new String[]{"ENOSPC", "No space left on device"}),
            Map.entry(30, new String[]{"EROFS", "Read-only file system"}),
            Map.entry(36, new String[]{"ENAMETOOLONG", "File name too long"}),
            Map.entry(38, new String[]{"ENOSYS", "Function not implemented"}),
            Map.entry(40, new String[]{"ELOOP", "Too many levels of symbolic links"}),
            Map.entry(87, new String[]{"EUSERS", "Too many users"}),
            Map.entry(95, new String[]{"EOPNOTSUPP", "Operation not supported"}));

    private Errno() {
    }

    /** {@code EPERM}, or {@code errno N} for one not in the table. */
    public static String name(int errno) {
        String[] e = KNOWN.get(errno);
        return e == null ? "errno " + errno : e[0];
    }

    /** {@code Operation not permitted (EPERM)}. */
    public static String describe(int errno) {
        String[] e = KNOWN.get(errno);
        return e == null ? "errno " + errno : e[1] + " (" + e[0] + ")";
    }
}
