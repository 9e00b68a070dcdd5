package dev.nucleus.linux.seccomp;

import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;
import dev.nucleus.linux.jni.NativeSeccomp;
import dev.nucleus.linux.jni.NativeFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compiles a {@link SeccompProfile} to the BPF program the shim installs (an array of
 * {@code struct sock_filter}, 8 bytes each), through libseccomp in this process.
 *
 * <p>Each distinct profile is compiled once per compiler: results are cached in memory under
 * the SHA-256 of the profile's {@linkplain SeccompProfile#canonicalEncoding() canonical
 * encoding}. {@link #shared()} is the JVM-wide instance.
 *
 * <p>Only x86_64 is compiled (the native library is built for it alone): a profile must name
 * {@code X86_64} among its architectures, or none (OCI: native only). Other architectures it
 * names are ignored, since a process on this host can only use the native ABI; calls through
 * another ABI (i386, x32) kill the process. Rules whose action equals the default action are
 * dropped before compiling (libseccomp refuses them; they change nothing, runc does the same).
 * Syscall names libseccomp does not know on x86_64 are skipped and reported in
 * {@link Program#unknownSyscalls()} and at debug level.
 */
public final class SeccompCompiler {
    /** Looked up on first use: a logger costs a cold JVM some 3 ms, and only unknown names are logged. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(SeccompCompiler.class.getName());
    }

    private static final SeccompCompiler SHARED = new SeccompCompiler();

    private final Map<String, Program> cache = new ConcurrentHashMap<>();
    private final Map<String, Program> stored = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();

    /**
     * A compiled program: its bytes, its cache key (the SHA-256 of the profile's encoding, or the
     * {@link ProgramStore}'s key), and the rule names skipped as unknown.
     */
    public record Program(byte[] bpf, String key, List<String> unknownSyscalls) {
        public Program {
            bpf = bpf.clone();
            unknownSyscalls = List.copyOf(unknownSyscalls);
        }

        /** A copy of the program bytes. */
        @Override
        public byte[] bpf() {
            return bpf.clone();
        }

        /** Number of BPF instructions. */
        public int instructions() {
            return bpf.length / NativeSeccomp.INSTRUCTION_BYTES;
        }
    }

    /** The JVM-wide compiler, so each profile is compiled once per JVM. */
    public static SeccompCompiler shared() {
        return SHARED;
    }

    /** The program for {@code profile}, compiled on first request and cached. */
    public Program compile(SeccompProfile profile) {
        String key = cacheKey(profile);
        return cache.computeIfAbsent(key, k -> compileUncached(profile, k));
    }

    /**
     * As {@link #compile(SeccompProfile)}, and across runs through {@code store}: a program compiled
     * by an earlier start with the same libseccomp is read back instead of compiled again.
     */
    public Program compile(SeccompProfile profile, ProgramStore store) {
        ProgramStore.Source source = new ProgramStore.Source(libseccompVersion(), profile.canonicalEncoding());
        // Keyed in memory by the whole source (exact), on disk by the store's short key.
        String exact = source.libseccomp() + "\n" + new String(source.encoding(), StandardCharsets.ISO_8859_1);
        return stored.computeIfAbsent(exact, k -> store.load(source).orElseGet(() -> {
            Program p = compileUncached(profile, source.key());
            store.save(source, p);
            return p;
        }));
    }

    static String libseccompVersion() {
        return "libseccomp " + NativeSeccomp.libraryVersion();
    }

    /** Shorthand for {@code compile(profile).bpf()}. */
    public byte[] bpf(SeccompProfile profile) {
        return compile(profile).bpf();
    }

    /** How many times libseccomp was actually called; for tests of the cache. */
    int compilations() {
        return compilations.get();
    }

    /** Hex SHA-256 of the profile's canonical encoding (hashed natively: some 300 rules, every launch). */
    public static String cacheKey(SeccompProfile profile) {
        return java.util.HexFormat.of().formatHex(NativeFiles.sha256(profile.canonicalEncoding()));
    }

    private Program compileUncached(SeccompProfile profile, String key) {
        if (!profile.architectures().isEmpty() && !profile.architectures().contains(SeccompArchitecture.X86_64)) {
            throw new IllegalArgumentException("seccomp profile targets " + profile.architectures().stream()
                    .map(SeccompArchitecture::ociName).toList() + " but this host runs x86_64; add SCMP_ARCH_X86_64");
        }
        Table t = Table.of(profile);
        compilations.incrementAndGet();
        NativeSeccomp.Compiled compiled = NativeSeccomp.compile(kind(profile.defaultAction()),
                profile.defaultAction().data(), t.names, t.actions, t.actionData, t.conditionStart, t.conditions);
        if (!compiled.unknownSyscalls().isEmpty()) {
            Log.LOG.log(System.Logger.Level.DEBUG, () -> "seccomp profile " + key.substring(0, 12)
                    + ": syscalls unknown on x86_64, skipped: " + compiled.unknownSyscalls());
        }
        return new Program(compiled.program(), key, compiled.unknownSyscalls());
    }

    /** The flat encoding of {@link NativeSeccomp#compile}. */
    private record Table(String[] names, int[] actions, int[] actionData, int[] conditionStart, long[] conditions) {
        static Table of(SeccompProfile profile) {
            List<SyscallRule> rules = new ArrayList<>();
            int total = 0;
            for (SyscallRule rule : profile.rules()) {
                if (!rule.action().equals(profile.defaultAction())) {
                    rules.add(rule);
                    total += rule.conditions().size();
                }
            }
            int n = rules.size();
            String[] names = new String[n];
            int[] actions = new int[n];
            int[] data = new int[n];
            int[] start = new int[n + 1];
            long[] conditions = new long[total * NativeSeccomp.LONGS_PER_CONDITION];
            int c = 0;
            for (int i = 0; i < n; i++) {
                SyscallRule rule = rules.get(i);
                names[i] = rule.name();
                actions[i] = kind(rule.action());
                data[i] = rule.action().data();
                start[i] = c;
                for (ArgCondition cond : rule.conditions()) {
                    int at = c * NativeSeccomp.LONGS_PER_CONDITION;
                    conditions[at] = cond.index();
                    conditions[at + 1] = op(cond.op());
                    conditions[at + 2] = cond.value();
                    conditions[at + 3] = cond.valueTwo();
                    c++;
                }
            }
            start[n] = c;
            return new Table(names, actions, data, start, conditions);
        }
    }

    static int kind(SeccompAction action) {
        return switch (action.kind()) {
            case KILL_PROCESS -> NativeSeccomp.ACT_KILL_PROCESS;
            case KILL_THREAD -> NativeSeccomp.ACT_KILL_THREAD;
            case TRAP -> NativeSeccomp.ACT_TRAP;
            case ERRNO -> NativeSeccomp.ACT_ERRNO;
            case TRACE -> NativeSeccomp.ACT_TRACE;
            case LOG -> NativeSeccomp.ACT_LOG;
            case ALLOW -> NativeSeccomp.ACT_ALLOW;
            case NOTIFY -> NativeSeccomp.ACT_NOTIFY;
        };
    }

    static int op(ArgCondition.Op op) {
        return switch (op) {
            case NE -> NativeSeccomp.CMP_NE;
            case LT -> NativeSeccomp.CMP_LT;
            case LE -> NativeSeccomp.CMP_LE;
            case EQ -> NativeSeccomp.CMP_EQ;
            case GE -> NativeSeccomp.CMP_GE;
            case GT -> NativeSeccomp.CMP_GT;
            case MASKED_EQ -> NativeSeccomp.CMP_MASKED_EQ;
        };
    }
}
