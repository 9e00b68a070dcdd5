package dev.nucleus.domain.seccomp;

/**
 * What the filter returns for a syscall: one of the kernel's {@code SECCOMP_RET_*} actions,
 * with its 16-bit data where the action has one ({@link Kind#ERRNO}: the errno the caller sees;
 * {@link Kind#TRACE}: the value a ptracer reads with {@code PTRACE_GETEVENTMSG}).
 *
 * <p>Named like OCI's {@code SCMP_ACT_*}. {@link Kind#NOTIFY} is OCI's {@code SCMP_ACT_NOTIFY}
 * (the kernel's {@code SECCOMP_RET_USER_NOTIF}).
 */
public record SeccompAction(Kind kind, int data) {

    // By hand: compared for every rule of every launch's profile, and a record's generated
    // equals is bootstrapped on first use (about 1 ms on a cold JVM).
    @Override
    public boolean equals(Object o) {
        return o instanceof SeccompAction a && a.kind == kind && a.data == data;
    }

    @Override
    public int hashCode() {
        return kind.ordinal() * 31 + data;
    }

    public enum Kind {
        KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, TRACE, LOG, ALLOW, NOTIFY;

        /** True for the two kinds that carry data. */
        public boolean hasData() {
            return this == ERRNO || this == TRACE;
        }
    }

    /** Linux's largest errno ({@code MAX_ERRNO}); libc maps -1..-4095 to errno. */
    public static final int MAX_ERRNO = 4095;
    /** {@code SECCOMP_RET_DATA} is 16 bits wide. */
    public static final int MAX_TRACE_DATA = 0xFFFF;

    public static final SeccompAction KILL_PROCESS = new SeccompAction(Kind.KILL_PROCESS, 0);
    public static final SeccompAction KILL_THREAD = new SeccompAction(Kind.KILL_THREAD, 0);
    public static final SeccompAction TRAP = new SeccompAction(Kind.TRAP, 0);
    public static final SeccompAction LOG = new SeccompAction(Kind.LOG, 0);
    public static final SeccompAction ALLOW = new SeccompAction(Kind.ALLOW, 0);
    public static final SeccompAction NOTIFY = new SeccompAction(Kind.NOTIFY, 0);

    public SeccompAction {
        if (kind == null) {
            throw new IllegalArgumentException("seccomp action kind is required");
        }
        switch (kind) {
            case ERRNO -> {
                if (data < 0 || data > MAX_ERRNO) {
                    throw new IllegalArgumentException("SCMP_ACT_ERRNO takes an errno in 0.." + MAX_ERRNO + ", got " + data);
                }
            }
            case TRACE -> {
                if (data < 0 || data > MAX_TRACE_DATA) {
                    throw new IllegalArgumentException("SCMP_ACT_TRACE takes a value in 0.." + MAX_TRACE_DATA + ", got " + data);
                }
            }
            default -> {
                if (data != 0) {
                    throw new IllegalArgumentException("SCMP_ACT_" + kind + " takes no data, got " + data);
                }
            }
        }
    }

    /** Fail the syscall with {@code errno} instead of running it. */
    public static SeccompAction errno(int errno) {
        return new SeccompAction(Kind.ERRNO, errno);
    }

    /** Stop for a ptracer with {@code PTRACE_EVENT_SECCOMP}, handing it {@code data}. */
    public static SeccompAction trace(int data) {
        return new SeccompAction(Kind.TRACE, data);
    }

    /** The action of one of the data-less kinds. */
    public static SeccompAction of(Kind kind) {
        return switch (kind) {
            case KILL_PROCESS -> KILL_PROCESS;
            case KILL_THREAD -> KILL_THREAD;
            case TRAP -> TRAP;
            case LOG -> LOG;
            case ALLOW -> ALLOW;
            case NOTIFY -> NOTIFY;
            case ERRNO, TRACE -> throw new IllegalArgumentException("SCMP_ACT_" + kind + " needs data: use errno(n) or trace(n)");
        };
    }

    @Override
    public String toString() {
        return kind.hasData() ? kind + "(" + data + ")" : kind.name();
    }
}
