package dev.nucleus.linux.seccomp;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;
import dev.nucleus.domain.spec.PolicyFile;
import dev.nucleus.domain.value.Sha256;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.text.TextPositions;
import dev.nucleus.linux.json.JsonText;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a user's seccomp profile ({@code --seccomp-profile}) into a {@link SeccompProfile}.
 *
 * <p>The file's raw bytes are read once; when a pin is given ({@code --seccomp-profile-sha256})
 * their SHA-256 is checked before anything is parsed. Two JSON formats are understood:
 * <ul>
 *   <li>OCI's {@code linux.seccomp}: {@code defaultAction}, {@code defaultErrnoRet},
 *       {@code architectures}, {@code syscalls[]} with {@code names}, {@code action},
 *       {@code errnoRet} and {@code args[]} ({@code index}, {@code value}, {@code valueTwo},
 *       {@code op}). Several rules for one name are alternatives (OR); the args of one rule
 *       must all hold (AND).</li>
 *   <li>Docker's template ({@code default.json}): {@code archMap} (the entry for this host's
 *       {@code SCMP_ARCH_X86_64} is used) and per-group {@code includes}/{@code excludes} by
 *       {@code caps} (against the container's capabilities), {@code arches} (Go names, this
 *       host is {@code amd64}) and {@code minKernel} (against the running kernel), exactly as
 *       Docker resolves them.</li>
 * </ul>
 *
 * <p>The profile's default action and argument filters are honoured. Nucleus adds two rules of
 * its own: {@code clone3} always fails with {@code ENOSYS} (its flags sit behind a pointer no
 * filter can read, and libc then falls back to {@code clone}), replacing whatever the profile
 * says about it; and an {@code SCMP_CMP_EQ} on {@code ioctl}'s request (argument 1) compares
 * the low 32 bits only, as the kernel reads an {@code unsigned int}. Syscall names libseccomp
 * does not know on x86_64 are skipped (the compiler reports them at debug level), never fatal.
 *
 * <p>Everything else that is wrong is a {@link PolicyRejectedException} (exit 2) naming the file
 * and the JSON path, e.g. {@code syscalls[3].args[0].op: unknown operator 'SCMP_CMP_FOO'}.
 */
public final class OciSeccompProfiles {
    /** Looked up on first use: a logger costs a cold JVM some 3 ms and a hundred classes. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(OciSeccompProfiles.class.getName());
    }

    /** A profile is a policy, not a data set: refuse anything larger than this. */
    static final int MAX_BYTES = 4 << 20;
    static final int EPERM = 1;
    static final int ENOSYS = 38;
    /** Docker's {@code includes.arches}/{@code excludes.arches} use Go's GOARCH; this host's. */
    static final String HOST_GO_ARCH = "amd64";

    /** Every architecture libseccomp 2.5 names. */
    private static final Set<String> LIBSECCOMP_ARCHES = Set.of("X86", "X86_64", "X32", "ARM", "AARCH64",
            "LOONGARCH64", "M68K", "MIPS", "MIPS64", "MIPS64N32", "MIPSEL", "MIPSEL64", "MIPSEL64N32", "PPC",
            "PPC64", "PPC64LE", "S390", "S390X", "PARISC", "PARISC64", "RISCV64", "SH", "SHEB");

    private OciSeccompProfiles() {
    }

    /** A kernel's {@code major.minor}, as Docker's {@code minKernel} compares it. */
    public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
        /** Parses a release string such as {@code 6.18.0-1-amd64}: its leading {@code major.minor}. */
        public static KernelVersion parse(String release) {
            String r = release.strip();
            int dot = r.indexOf('.');
            int end = dot + 1;
            while (end < r.length() && r.charAt(end) >= '0' && r.charAt(end) <= '9') {
                end++;
            }
            // (no regex: a cold launch pays for its compiler)
            if (dot < 1 || !AsciiText.digits(r.substring(0, dot), 1, 9) || end == dot + 1 || end - dot - 1 > 9) {
                throw new IllegalArgumentException("not a kernel release: '" + r + "'");
            }
            return new KernelVersion(Integer.parseInt(r, 0, dot, 10), Integer.parseInt(r, dot + 1, end, 10));
        }

        /** Exactly {@code major.minor}, each 1 to 6 digits (Docker's {@code minKernel}); null otherwise. */
        static KernelVersion parseExact(String text) {
            int dot = text.indexOf('.');
            if (dot < 0 || !AsciiText.digits(text.substring(0, dot), 1, 6) || !AsciiText.digits(text.substring(dot + 1), 1, 6)) {
                return null;
            }
            return new KernelVersion(Integer.parseInt(text, 0, dot, 10), Integer.parseInt(text, dot + 1, text.length(), 10));
        }

        /** The running kernel: {@code /proc/sys/kernel/osrelease}, else {@code uname} as the JVM saw it. */
        public static KernelVersion running() {
            try {
                return parse(Files.readString(Path.of("/proc/sys/kernel/osrelease")));
            } catch (IOException | IllegalArgumentException e) {
                return parse(System.getProperty("os.version"));
            }
        }

        @Override
        public int compareTo(KernelVersion o) {
            return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
        }

        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    /**
     * Reads, verifies and parses {@code file} for a container holding {@code capabilities}
     * (names like {@code CAP_SYS_ADMIN}; the prefix is optional), on the running kernel.
     */
    public static SeccompProfile load(PolicyFile file, Set<String> capabilities) throws PolicyRejectedException {
        Path path = Path.of(file.path().path()).toAbsolutePath().normalize();
        byte[] raw = read(path);
        if (file.sha256().isPresent()) {
            verifyPin(path.toString(), raw, file.sha256().get());
        }
        return parse(path.toString(), raw, capabilities, KernelVersion.running());
    }

    /** The file's raw bytes, refusing anything but a regular file of reasonable size. */
    static byte[] read(Path path) throws PolicyRejectedException {
        if (Files.exists(path) && !Files.isRegularFile(path)) { // never open a FIFO or a device
            throw new PolicyRejectedException("seccomp profile " + path + " is not a regular file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] raw = in.readNBytes(MAX_BYTES + 1);
            if (raw.length > MAX_BYTES) {
                throw new PolicyRejectedException("seccomp profile " + path + " is larger than " + MAX_BYTES + " bytes");
            }
            return raw;
        } catch (IOException e) {
            throw new PolicyRejectedException("cannot read seccomp profile " + path + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            default -> String.valueOf(e.getMessage());
        };
    }

    /** Hex SHA-256 of {@code raw}. */
    public static String sha256(byte[] raw) {
        return Sha256.hex(raw);
    }

    /** Refuses {@code raw} unless its SHA-256 is {@code expected} (hex, either case). */
    public static void verifyPin(String name, byte[] raw, String expected) throws PolicyRejectedException {
        String want = expected.strip();
        if (!AsciiText.lowerHex(AsciiText.lowerCase(want), 64)) {
            throw new PolicyRejectedException("seccomp profile " + name + ": pinned SHA-256 '" + want
                    + "' is not 64 hex digits");
        }
        String actual = sha256(raw);
        if (!actual.equalsIgnoreCase(want)) {
            throw new PolicyRejectedException("seccomp profile " + name + " does not match its pin: expected sha256 "
                    + AsciiText.lowerCase(want) + ", file has sha256 " + actual);
        }
    }

    /** Parses a profile's bytes; {@code name} only labels error messages. */
    public static SeccompProfile parse(String name, byte[] raw, Set<String> capabilities, KernelVersion kernel)
            throws PolicyRejectedException {
        Object root;
        String text = "";
        try {
            text = JsonReader.utf8(raw);
            root = JsonReader.readStrict(text); // a member set twice is refused
        } catch (JsonReader.Malformed e) {
            throw new PolicyRejectedException("seccomp profile " + name + ": not valid JSON at line "
                    + TextPositions.line(text, e.placedAt()) + ", column " + TextPositions.column(text, e.placedAt())
                    + ": " + e.what(), e);
        }
        return new Parser(name, capabilities, kernel).profile(root);
    }

    /** A problem at a JSON path, turned into a {@link PolicyRejectedException} at the top. */
    private static final class Rejected extends Exception {
        Rejected(String path, String message) {
            super((path.isEmpty() ? "" : path + ": ") + message, null, false, false);
        }
    }

    private static final class Parser {
        private final String file;
        private final Set<String> caps;
        private final KernelVersion kernel;

        Parser(String file, Set<String> capabilities, KernelVersion kernel) {
            this.file = file;
            Set<String> names = new java.util.HashSet<>();
            for (String c : capabilities) {
                names.add(capName(c));
            }
            this.caps = Set.copyOf(names);
            this.kernel = kernel;
        }

        private static String capName(String cap) {
            String upper = AsciiText.upperCase(cap.strip());
            return upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        }

        SeccompProfile profile(Object root) throws PolicyRejectedException {
            try {
                return build(root);
            } catch (Rejected e) {
                throw new PolicyRejectedException("seccomp profile " + file + ": " + e.getMessage());
            }
        }

        private SeccompProfile build(Object root) throws Rejected {
            if (!(root instanceof Map<?, ?>)) {
                throw new Rejected("", "the profile must be a JSON object");
            }
            Object listener = get(root, "listenerPath");
            if (!isNull(listener) && !"".equals(listener)) {
                throw new Rejected("listenerPath", "seccomp agents (SCMP_ACT_NOTIFY) are not supported");
            }
            SeccompAction defaultAction = action(root, "defaultAction", "defaultErrnoRet", "");
            List<SeccompArchitecture> arches = architectures(root);

            List<SyscallRule> rules = new ArrayList<>();
            Map<List<Object>, String> seenAt = new HashMap<>();
            Map<List<Object>, SeccompAction> seenAction = new HashMap<>();
            Object groups = get(root, "syscalls");
            if (!isNull(groups)) {
                if (!(groups instanceof List<?> list)) {
                    throw new Rejected("syscalls", "expected an array");
                }
                for (int i = 0; i < list.size(); i++) {
                    String at = "syscalls[" + i + "]";
                    for (SyscallRule rule : group(list.get(i), at)) {
                        List<Object> key = List.of(rule.name(), rule.conditions());
                        SeccompAction earlier = seenAction.putIfAbsent(key, rule.action());
                        if (earlier == null) {
                            seenAt.put(key, at);
                            rules.add(rule);
                        } else if (!earlier.equals(rule.action())) {
                            throw new Rejected(at, rule.name() + (rule.unconditional() ? "" : " when " + rule.conditions())
                                    + " is " + rule.action() + " here but " + earlier + " in " + seenAt.get(key));
                        }
                    }
                }
            }
            // clone3's flags are behind a pointer: ENOSYS makes libc fall back to the filterable clone.
            rules.add(SyscallRule.of("clone3", SeccompAction.errno(ENOSYS)));
            try {
                return new SeccompProfile(defaultAction, arches, rules);
            } catch (IllegalArgumentException e) {
                throw new Rejected("", e.getMessage());
            }
        }

        private List<SeccompArchitecture> architectures(Object root) throws Rejected {
            Object list = get(root, "architectures");
            Object map = get(root, "archMap");
            boolean hasList = !isNull(list);
            boolean hasMap = !isNull(map);
            if (hasList && hasMap) {
                throw new Rejected("archMap", "give either architectures or archMap, not both");
            }
            List<SeccompArchitecture> out = new ArrayList<>();
            if (hasList) {
                List<String> names = strings(list, "architectures");
                for (int i = 0; i < names.size(); i++) {
                    requireKnownArch(names.get(i), "architectures[" + i + "]");
                    arch(names.get(i)).ifPresent(out::add);
                }
                if (!out.isEmpty() && !out.contains(SeccompArchitecture.X86_64)) {
                    throw new Rejected("architectures", "does not include this host's SCMP_ARCH_X86_64");
                }
                return out;
            }
            if (hasMap) {
                if (!(map instanceof List<?> entries)) {
                    throw new Rejected("archMap", "expected an array");
                }
                boolean found = false;
                for (int i = 0; i < entries.size(); i++) {
                    String at = "archMap[" + i + "]";
                    Object entry = entries.get(i);
                    if (!(entry instanceof Map<?, ?>)) {
                        throw new Rejected(at, "expected an object");
                    }
                    String arch = string(get(entry, "architecture"), at + ".architecture");
                    requireKnownArch(arch, at + ".architecture");
                    Object subs = get(entry, "subArchitectures");
                    if (!isNull(subs)) {
                        List<String> sub = strings(subs, at + ".subArchitectures");
                        for (int j = 0; j < sub.size(); j++) {
                            requireKnownArch(sub.get(j), at + ".subArchitectures[" + j + "]");
                        }
                    }
                    if (arch.equals(SeccompArchitecture.X86_64.ociName())) {
                        found = true;
                    }
                }
                if (!found) {
                    throw new Rejected("archMap", "has no entry for this host's SCMP_ARCH_X86_64");
                }
                // Sub-architectures (x86, x32) are not compiled: calls through those ABIs kill the process.
                return List.of(SeccompArchitecture.X86_64);
            }
            return out;
        }

        private static Optional<SeccompArchitecture> arch(String ociName) {
            for (SeccompArchitecture a : SeccompArchitecture.values()) {
                if (a.ociName().equals(ociName)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }

        private static void requireKnownArch(String name, String path) throws Rejected {
            if (!name.startsWith("SCMP_ARCH_") || !LIBSECCOMP_ARCHES.contains(name.substring("SCMP_ARCH_".length()))) {
                throw new Rejected(path, "unknown architecture '" + name + "'");
            }
        }

        /** The rules of one syscall group, or none when its includes/excludes leave it out. */
        private List<SyscallRule> group(Object g, String at) throws Rejected {
            if (!(g instanceof Map<?, ?>)) {
                throw new Rejected(at, "expected an object");
            }
            List<String> names = new ArrayList<>();
            Object namesNode = get(g, "names");
            if (!isNull(namesNode)) {
                names.addAll(strings(namesNode, at + ".names"));
            }
            Object single = get(g, "name"); // Docker's older spelling
            if (!isNull(single)) {
                names.add(string(single, at + ".name"));
            }
            if (names.isEmpty()) {
                throw new Rejected(at + ".names", "at least one syscall name is required");
            }
            for (int k = 0; k < names.size(); k++) {
                if (!SyscallRule.isSyscallName(names.get(k))) {
                    throw new Rejected(at + ".names[" + k + "]", "not a syscall name: '" + names.get(k) + "'");
                }
            }
            SeccompAction action = action(g, "action", "errnoRet", at + ".");
            List<ArgCondition> conditions = conditions(get(g, "args"), at + ".args");
            boolean included = selected(g, at);
            if (!included) {
                Log.LOG.log(System.Logger.Level.DEBUG, () -> "seccomp profile " + file + ": " + at + " " + names
                        + " does not apply to this container");
                return List.of();
            }
            List<SyscallRule> out = new ArrayList<>();
            for (String name : names) {
                if (name.equals("clone3")) {
                    continue; // always ENOSYS, added once at the end
                }
                List<ArgCondition> own = name.equals("ioctl") ? ioctl(conditions) : conditions;
                try {
                    out.add(new SyscallRule(name, action, own));
                } catch (IllegalArgumentException e) {
                    throw new Rejected(at, e.getMessage());
                }
            }
            return out;
        }

        /** ioctl's request is an {@code unsigned int}: an EQ on it compares the low 32 bits. */
        private static List<ArgCondition> ioctl(List<ArgCondition> conditions) {
            List<ArgCondition> out = new ArrayList<>(conditions.size());
            for (ArgCondition c : conditions) {
                out.add(c.index() == 1 && c.op() == ArgCondition.Op.EQ
                        ? ArgCondition.maskedEq(1, ArgCondition.LOW_32_BITS, c.value() & ArgCondition.LOW_32_BITS)
                        : c);
            }
            return out;
        }

        /** Docker's resolution of {@code includes}/{@code excludes}: excludes first, then includes. */
        private boolean selected(Object g, String at) throws Rejected {
            Object ex = get(g, "excludes");
            if (!isNull(ex)) {
                requireObject(ex, at + ".excludes");
                if (strings(get(ex, "arches"), at + ".excludes.arches").contains(HOST_GO_ARCH)) {
                    return false;
                }
                for (String cap : strings(get(ex, "caps"), at + ".excludes.caps")) {
                    if (caps.contains(capName(cap))) {
                        return false;
                    }
                }
                Optional<KernelVersion> min = minKernel(get(ex, "minKernel"), at + ".excludes.minKernel");
                if (min.isPresent() && kernel.compareTo(min.get()) >= 0) {
                    return false;
                }
            }
            Object in = get(g, "includes");
            if (!isNull(in)) {
                requireObject(in, at + ".includes");
                List<String> arches = strings(get(in, "arches"), at + ".includes.arches");
                if (!arches.isEmpty() && !arches.contains(HOST_GO_ARCH)) {
                    return false;
                }
                for (String cap : strings(get(in, "caps"), at + ".includes.caps")) {
                    if (!caps.contains(capName(cap))) {
                        return false;
                    }
                }
                Optional<KernelVersion> min = minKernel(get(in, "minKernel"), at + ".includes.minKernel");
                if (min.isPresent() && kernel.compareTo(min.get()) < 0) {
                    return false;
                }
            }
            return true;
        }

        private static Optional<KernelVersion> minKernel(Object node, String path) throws Rejected {
            if (isNull(node)) {
                return Optional.empty();
            }
            String text = string(node, path);
            KernelVersion version = KernelVersion.parseExact(text);
            if (version == null) {
                throw new Rejected(path, "expected a kernel version like \"4.8\", got '" + text + "'");
            }
            return Optional.of(version);
        }

        private static List<ArgCondition> conditions(Object args, String at) throws Rejected {
            if (isNull(args)) {
                return List.of();
            }
            if (!(args instanceof List<?> list)) {
                throw new Rejected(at, "expected an array");
            }
            List<ArgCondition> out = new ArrayList<>();
            boolean[] used = new boolean[ArgCondition.MAX_INDEX + 1];
            for (int j = 0; j < list.size(); j++) {
                String p = at + "[" + j + "]";
                Object a = list.get(j);
                if (!(a instanceof Map<?, ?>)) {
                    throw new Rejected(p, "expected an object");
                }
                Object indexNode = get(a, "index");
                if (isNull(indexNode)) {
                    throw new Rejected(p + ".index", "is required");
                }
                long index = unsigned(indexNode, p + ".index");
                if (index > ArgCondition.MAX_INDEX) {
                    throw new Rejected(p + ".index", "a syscall has arguments 0.." + ArgCondition.MAX_INDEX + ", got " + index);
                }
                if (used[(int) index]) {
                    // libseccomp cannot AND two comparisons on one argument; OR-ing them (runc) would widen the rule.
                    throw new Rejected(p + ".index", "argument " + index
                            + " is compared twice in one rule; write the alternatives as separate rules");
                }
                used[(int) index] = true;
                ArgCondition.Op op = op(get(a, "op"), p + ".op");
                Object valueNode = get(a, "value");
                long value = isNull(valueNode) ? 0 : unsigned(valueNode, p + ".value");
                Object twoNode = get(a, "valueTwo");
                long two = isNull(twoNode) ? 0 : unsigned(twoNode, p + ".valueTwo");
                if (op != ArgCondition.Op.MASKED_EQ && two != 0) {
                    throw new Rejected(p + ".valueTwo", "only SCMP_CMP_MASKED_EQ uses valueTwo");
                }
                out.add(new ArgCondition((int) index, op, value, two));
            }
            return out;
        }

        private static ArgCondition.Op op(Object node, String path) throws Rejected {
            if (isNull(node)) {
                throw new Rejected(path, "is required");
            }
            String text = string(node, path);
            if (text.startsWith("SCMP_CMP_")) {
                String bare = text.substring("SCMP_CMP_".length());
                for (ArgCondition.Op op : ArgCondition.Op.values()) {
                    if (op.name().equals(bare)) {
                        return op;
                    }
                }
            }
            throw new Rejected(path, "unknown operator '" + text + "'");
        }

        /** A JSON integer in 0..2^64-1, as a Java long with the same bits. */
        private static long unsigned(Object node, String path) throws Rejected {
            if (node instanceof Long l) {
                if (l < 0) {
                    throw new Rejected(path, "expected an unsigned 64-bit integer, got " + l);
                }
                return l;
            }
            if (!(node instanceof BigInteger v)) {
                throw new Rejected(path, "expected an unsigned integer, got " + JsonText.render(node));
            }
            if (v.signum() < 0 || v.bitLength() > 64) {
                throw new Rejected(path, "expected an unsigned 64-bit integer, got " + v);
            }
            return v.longValue();
        }

        /** The action named by {@code obj[actionKey]}, with its data from {@code obj[errnoKey]}. */
        private static SeccompAction action(Object obj, String actionKey, String errnoKey, String prefix)
                throws Rejected {
            Object node = get(obj, actionKey);
            if (isNull(node)) {
                throw new Rejected(prefix + actionKey, "is required");
            }
            String name = string(node, prefix + actionKey);
            Object errnoNode = get(obj, errnoKey);
            boolean hasErrno = !isNull(errnoNode);
            long errno = hasErrno ? unsigned(errnoNode, prefix + errnoKey) : EPERM;
            SeccompAction.Kind kind = switch (name) {
                case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> SeccompAction.Kind.KILL_THREAD;
                case "SCMP_ACT_KILL_PROCESS" -> SeccompAction.Kind.KILL_PROCESS;
                case "SCMP_ACT_TRAP" -> SeccompAction.Kind.TRAP;
                case "SCMP_ACT_ERRNO" -> SeccompAction.Kind.ERRNO;
                case "SCMP_ACT_TRACE" -> SeccompAction.Kind.TRACE;
                case "SCMP_ACT_ALLOW" -> SeccompAction.Kind.ALLOW;
                case "SCMP_ACT_LOG" -> SeccompAction.Kind.LOG;
                case "SCMP_ACT_NOTIFY" -> throw new Rejected(prefix + actionKey,
                        "SCMP_ACT_NOTIFY needs a seccomp agent, which nucleus does not run");
                default -> throw new Rejected(prefix + actionKey, "unknown action '" + name + "'");
            };
            if (!kind.hasData()) {
                if (hasErrno) {
                    throw new Rejected(prefix + errnoKey, "only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take " + errnoKey);
                }
                return SeccompAction.of(kind);
            }
            try {
                int data = (int) Math.min(errno, Integer.MAX_VALUE);
                return kind == SeccompAction.Kind.ERRNO ? SeccompAction.errno(data) : SeccompAction.trace(data);
            } catch (IllegalArgumentException e) {
                throw new Rejected(prefix + errnoKey, e.getMessage());
            }
        }

        private static void requireObject(Object node, String path) throws Rejected {
            if (!(node instanceof Map<?, ?>)) {
                throw new Rejected(path, "expected an object");
            }
        }

        /** A member of an object (which the caller checked it is); null when absent. */
        private static Object get(Object object, String key) {
            return ((Map<?, ?>) object).get(key);
        }

        /** Absent or JSON's null. */
        private static boolean isNull(Object node) {
            return node == null || node == JsonReader.NULL;
        }

        private static String string(Object node, String path) throws Rejected {
            if (!(node instanceof String s)) {
                throw new Rejected(path, "expected a string" + (node == null ? "" : ", got " + JsonText.render(node)));
            }
            return s;
        }

        /** The strings of an array; absent or null is empty. */
        private static List<String> strings(Object node, String path) throws Rejected {
            if (isNull(node)) {
                return List.of();
            }
            if (!(node instanceof List<?> list)) {
                throw new Rejected(path, "expected an array of strings");
            }
            List<String> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) {
                    throw new Rejected(path + "[" + i + "]", "expected a string"
                            + (list.get(i) == null ? "" : ", got " + JsonText.render(list.get(i))));
                }
                out.add(s);
            }
            return out;
        }
    }
}
