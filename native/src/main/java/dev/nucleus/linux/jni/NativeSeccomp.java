package dev.nucleus.linux.jni;

import java.util.ArrayList;
import java.util.List;

/**
 * JNI entry point of the seccomp compiler: libseccomp turns a flat rule table into the BPF
 * program the shim installs. C only executes the table; which rules exist is Java's business.
 *
 * <h2>Encoding of {@link #compile}</h2>
 * <ul>
 *   <li>An action is a kind ({@code ACT_*}) plus data: the errno for {@link #ACT_ERRNO}, the
 *       ptrace message for {@link #ACT_TRACE} (0..65535), 0 for every other kind.</li>
 *   <li>Rule {@code i} is {@code names[i]}, {@code actions[i]}, {@code actionData[i]} and the
 *       conditions {@code conditionStart[i] .. conditionStart[i+1]-1} (so
 *       {@code conditionStart} has {@code names.length + 1} entries, starts at 0 and never
 *       decreases; at most {@link #MAX_CONDITIONS} per rule). Conditions of one rule are
 *       AND'ed; rules naming the same syscall are OR'ed.</li>
 *   <li>Condition {@code k} is {@code conditions[4k .. 4k+3]} = argument index (0..5),
 *       comparison ({@code CMP_*}, libseccomp's {@code enum scmp_compare}), datum A, datum B.
 *       For {@link #CMP_MASKED_EQ} it matches when {@code (arg & A) == B}; the other
 *       comparisons use A only and B must be 0. Data are unsigned 64-bit.</li>
 *   <li>A rule whose action equals the default action is refused by libseccomp
 *       ({@code EACCES}); drop such rules before calling, they change nothing.</li>
 * </ul>
 *
 * <h2>Result</h2>
 * The filter is built for the native architecture only, which must be x86_64 (the only
 * architecture this library is built for). Syscalls of any other ABI on the same kernel
 * (i386 through {@code int 0x80}, x32) fail the architecture check and kill the process
 * ({@code SCMP_FLTATR_ACT_BADARCH} = KILL_PROCESS). {@code SCMP_FLTATR_CTL_NNP} is 0 (the
 * shim sets {@code no_new_privs} itself). The program is libseccomp's {@code seccomp_export_bpf}
 * output: an array of {@code struct sock_filter} (8 bytes each, host byte order). Names
 * libseccomp does not know on x86_64 are skipped and listed in {@link Compiled#unknownSyscalls}.
 */
public final class NativeSeccomp {
    public static final int ACT_KILL_PROCESS = 0;
    public static final int ACT_KILL_THREAD = 1;
    public static final int ACT_TRAP = 2;
    public static final int ACT_ERRNO = 3;
    public static final int ACT_TRACE = 4;
    public static final int ACT_LOG = 5;
    public static final int ACT_ALLOW = 6;
    public static final int ACT_NOTIFY = 7;

    public static final int CMP_NE = 1;
    public static final int CMP_LT = 2;
    public static final int CMP_LE = 3;
    public static final int CMP_EQ = 4;
    public static final int CMP_GE = 5;
    public static final int CMP_GT = 6;
    public static final int CMP_MASKED_EQ = 7;

    public static final int LONGS_PER_CONDITION = 4;
    public static final int MAX_CONDITIONS = 6;
    /** Size of one {@code struct sock_filter}. */
    public static final int INSTRUCTION_BYTES = 8;

    private NativeSeccomp() {
    }

    /** A compiled program and the rule names that were skipped as unknown on x86_64. */
    public record Compiled(byte[] program, List<String> unknownSyscalls) {
        public Compiled {
            unknownSyscalls = List.copyOf(unknownSyscalls);
        }
    }

    /** libseccomp refused the table or failed; the message names the call, syscall and error. */
    public static final class CompileException extends IllegalStateException {
        public CompileException(String message) {
            super(message);
        }
    }

    /**
     * Compiles the table (see the class comment for the encoding).
     *
     * @throws IllegalArgumentException when the arrays do not fit together
     * @throws CompileException         when libseccomp refuses a rule or fails
     */
    public static Compiled compile(int defaultAction, int defaultData, String[] names, int[] actions,
                                   int[] actionData, int[] conditionStart, long[] conditions) {
        validate(names, actions, actionData, conditionStart, conditions);
        NativeLibrary.load();
        boolean[] unknown = new boolean[names.length];
        byte[] program = compile0(defaultAction, defaultData, names, actions, actionData, conditionStart, conditions,
                unknown);
        if (program == null || program.length == 0 || program.length % INSTRUCTION_BYTES != 0) {
            throw new CompileException("libseccomp exported a BPF program of "
                    + (program == null ? "no" : program.length) + " bytes; expected a multiple of " + INSTRUCTION_BYTES);
        }
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (unknown[i] && !skipped.contains(names[i])) {
                skipped.add(names[i]);
            }
        }
        return new Compiled(program, skipped);
    }

    private static void validate(String[] names, int[] actions, int[] actionData, int[] conditionStart,
                                 long[] conditions) {
        if (names == null || actions == null || actionData == null || conditionStart == null || conditions == null) {
            throw new IllegalArgumentException("seccomp rule table: no array may be null");
        }
        int n = names.length;
        if (actions.length != n || actionData.length != n || conditionStart.length != n + 1) {
            throw new IllegalArgumentException("seccomp rule table: " + n + " names need " + n + " actions, " + n
                    + " action data and " + (n + 1) + " condition offsets; got " + actions.length + ", "
                    + actionData.length + ", " + conditionStart.length);
        }
        if (conditionStart[0] != 0) {
            throw new IllegalArgumentException("seccomp rule table: conditionStart[0] must be 0");
        }
        for (int i = 0; i < n; i++) {
            if (names[i] == null) {
                throw new IllegalArgumentException("seccomp rule table: name " + i + " is null");
            }
            int count = conditionStart[i + 1] - conditionStart[i];
            if (count < 0 || count > MAX_CONDITIONS) {
                throw new IllegalArgumentException("seccomp rule table: rule " + i + " (" + names[i] + ") has "
                        + count + " conditions; 0.." + MAX_CONDITIONS + " allowed");
            }
        }
        if ((long) conditionStart[n] * LONGS_PER_CONDITION != conditions.length) {
            throw new IllegalArgumentException("seccomp rule table: " + conditionStart[n] + " conditions need "
                    + conditionStart[n] * LONGS_PER_CONDITION + " longs, got " + conditions.length);
        }
    }

    /**
     * The x86_64 name libseccomp gives syscall {@code number}, if any.
     */
    public static java.util.Optional<String> syscallName(int number) {
        if (number < 0) {
            return java.util.Optional.empty();
        }
        NativeLibrary.load();
        return java.util.Optional.ofNullable(syscallName0(number));
    }

    private static native String syscallName0(int number);

    /** The version of the libseccomp this process compiles with, "major.minor.micro". */
    public static String libraryVersion() {
        NativeLibrary.load();
        return libraryVersion0();
    }

    private static native String libraryVersion0();

    private static native byte[] compile0(int defaultAction, int defaultData, String[] names, int[] actions,
                                          int[] actionData, int[] conditionStart, long[] conditions,
                                          boolean[] unknownOut);
}
