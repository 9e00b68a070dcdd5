package dev.nucleus.domain.plan;

/** The {@code CLONE_NEW*} flags (linux/sched.h). */
public final class Clone {
    public static final long NEWTIME = 0x00000080L;
    public static final long NEWNS = 0x00020000L;
    public static final long NEWCGROUP = 0x02000000L;
    public static final long NEWUTS = 0x04000000L;
    public static final long NEWIPC = 0x08000000L;
    public static final long NEWUSER = 0x10000000L;
    public static final long NEWPID = 0x20000000L;
    public static final long NEWNET = 0x40000000L;
    public static final long ALLOWED = NEWTIME | NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET;

    private Clone() {
    }
}
