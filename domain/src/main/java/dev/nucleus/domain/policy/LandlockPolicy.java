package dev.nucleus.domain.policy;

import dev.nucleus.domain.value.AsciiText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Landlock policy: it replaces the default rules. Every filesystem right the kernel's ABI handles is
 * denied except what a rule grants beneath its path.
 *
 * <p>Document shape (a parsed TOML file), no other keys:
 * <pre>
 * min_abi = 3                       # optional, default 1: refuse to start on an older kernel
 * scopes = ["abstract_unix_socket", "signal"]   # optional (ABI 6); absent: both where the kernel has them
 * [[rules]]
 * path = "/usr"                     # absolute, inside the container
 * access = ["read", "readdir", "execute"]
 * [net]                             # optional (ABI 4): TCP bind/connect only to these ports
 * bind_tcp = [8080]                 # absent or [] : no bind at all
 * connect_tcp = [443]               # absent or [] : no connect at all
 * </pre>
 *
 * <p>{@code [net]} and {@code scopes} need ABI 4 and 6. Where the kernel is older, agent mode runs
 * without them (with a warning, {@link #unenforcedOn}); strict-agent and production refuse to start.
 *
 * <p>Access names and the kernel rights (linux/landlock.h) they grant, with the ABI that introduced them:
 * <table>
 *   <tr><td>read</td><td>READ_FILE</td><td>1</td></tr>
 *   <tr><td>readdir</td><td>READ_DIR</td><td>1</td></tr>
 *   <tr><td>write</td><td>WRITE_FILE</td><td>1</td></tr>
 *   <tr><td>execute</td><td>EXECUTE</td><td>1</td></tr>
 *   <tr><td>create</td><td>MAKE_REG | MAKE_DIR | MAKE_SYM | MAKE_SOCK | MAKE_FIFO (no device nodes)</td><td>1</td></tr>
 *   <tr><td>remove</td><td>REMOVE_FILE | REMOVE_DIR</td><td>1</td></tr>
 *   <tr><td>make_char, make_dir, make_reg, make_sock, make_fifo, make_block, make_sym</td>
 *       <td>the one MAKE_* right each names</td><td>1</td></tr>
 *   <tr><td>refer</td><td>REFER (rename/link across directories)</td><td>2</td></tr>
 *   <tr><td>truncate</td><td>TRUNCATE</td><td>3</td></tr>
 *   <tr><td>ioctl_dev</td><td>IOCTL_DEV</td><td>5</td></tr>
 * </table>
 * A right newer than the kernel's ABI is dropped (best effort: the kernel does not handle it, so it is
 * neither granted nor denied); when that is not acceptable, {@code min_abi} makes the launch refuse to
 * start on a kernel whose ABI is lower.
 *
 * @param minAbi the lowest Landlock ABI the policy accepts
 * @param rules  the rules, in file order
 */
public record LandlockPolicy(int minAbi, List<Rule> rules, Optional<Net> net, Optional<Set<String>> scopes) {
    /** Landlock ABI of TCP port rules and of scopes. */
    public static final int NET_ABI = 4;
    public static final int SCOPE_ABI = 6;
    /** linux/landlock.h: LANDLOCK_ACCESS_NET_BIND_TCP, _CONNECT_TCP; LANDLOCK_SCOPE_*. */
    public static final long BIND_TCP = 1;
    public static final long CONNECT_TCP = 2;
    public static final Map<String, Long> SCOPES = Map.of("abstract_unix_socket", 1L, "signal", 2L);
    static final int MAX_PORT = 65535;

    /**
     * TCP port rules: with a {@code [net]} table both bind and connect are handled, and allowed
     * only to the ports listed (an empty list denies that operation entirely).
     */
    public record Net(List<Integer> bindTcp, List<Integer> connectTcp) {
        public Net {
            bindTcp = List.copyOf(new java.util.TreeSet<>(bindTcp));
            connectTcp = List.copyOf(new java.util.TreeSet<>(connectTcp));
        }
    }

    /** A policy of filesystem rules only, with the default scopes. */
    public LandlockPolicy(int minAbi, List<Rule> rules) {
        this(minAbi, rules, Optional.empty(), Optional.empty());
    }

    /** The scope bits ({@code LANDLOCK_SCOPE_*}) of {@link #scopes}; not written: both, Nucleus's default. */
    public long scopeBits() {
        long bits = 0;
        for (String scope : scopes.orElse(SCOPES.keySet())) {
            bits |= SCOPES.get(scope);
        }
        return bits;
    }

    /** What this policy asks for that a kernel with Landlock ABI {@code abi} cannot enforce. */
    public List<String> unenforcedOn(int abi) {
        List<String> out = new ArrayList<>();
        if (net.isPresent() && abi < NET_ABI) {
            out.add("[net] TCP port rules need Landlock ABI " + NET_ABI + " (this kernel: " + abi + ")");
        }
        if (scopes.isPresent() && !scopes.get().isEmpty() && abi < SCOPE_ABI) {
            out.add("scopes " + String.join(", ", new java.util.TreeSet<>(scopes.get())) + " need Landlock ABI "
                    + SCOPE_ABI + " (this kernel: " + abi + ")");
        }
        return out;
    }
    /** Bit values of linux/landlock.h (the same as the plan's LandlockAccess; a test holds them equal). */
    static final long EXECUTE = 1L;
    static final long WRITE_FILE = 1L << 1;
    static final long READ_FILE = 1L << 2;
    static final long READ_DIR = 1L << 3;
    static final long REMOVE_DIR = 1L << 4;
    static final long REMOVE_FILE = 1L << 5;
    static final long MAKE_CHAR = 1L << 6;
    static final long MAKE_DIR = 1L << 7;
    static final long MAKE_REG = 1L << 8;
    static final long MAKE_SOCK = 1L << 9;
    static final long MAKE_FIFO = 1L << 10;
    static final long MAKE_BLOCK = 1L << 11;
    static final long MAKE_SYM = 1L << 12;
    static final long REFER = 1L << 13;
    static final long TRUNCATE = 1L << 14;
    static final long IOCTL_DEV = 1L << 15;

    /** A granted access name: the rights it stands for and the ABI that introduced them. */
    public record Access(long rights, int abi) {
    }

    /** Every access name a rule may use, in documentation order. */
    public static final Map<String, Access> ACCESS;

    static {
        Map<String, Access> m = new LinkedHashMap<>();
        m.put("read", new Access(READ_FILE, 1));
        m.put("readdir", new Access(READ_DIR, 1));
        m.put("write", new Access(WRITE_FILE, 1));
        m.put("execute", new Access(EXECUTE, 1));
        m.put("create", new Access(MAKE_REG | MAKE_DIR | MAKE_SYM | MAKE_SOCK | MAKE_FIFO, 1));
        m.put("remove", new Access(REMOVE_FILE | REMOVE_DIR, 1));
        m.put("make_char", new Access(MAKE_CHAR, 1));
        m.put("make_dir", new Access(MAKE_DIR, 1));
        m.put("make_reg", new Access(MAKE_REG, 1));
        m.put("make_sock", new Access(MAKE_SOCK, 1));
        m.put("make_fifo", new Access(MAKE_FIFO, 1));
        m.put("make_block", new Access(MAKE_BLOCK, 1));
        m.put("make_sym", new Access(MAKE_SYM, 1));
        m.put("refer", new Access(REFER, 2));
        m.put("truncate", new Access(TRUNCATE, 3));
        m.put("ioctl_dev", new Access(IOCTL_DEV, 5));
        ACCESS = java.util.Collections.unmodifiableMap(m);
    }

    private static final Set<String> TOP_KEYS = Set.of("min_abi", "rules", "net", "scopes");
    private static final Set<String> NET_KEYS = Set.of("bind_tcp", "connect_tcp");
    private static final Set<String> RULE_KEYS = Set.of("path", "access");

    public LandlockPolicy {
        rules = List.copyOf(rules);
        scopes = scopes.map(Set::copyOf);
    }

    /**
     * A rule: the access names granted beneath {@code path}.
     *
     * @param access the names as written (lower case, known, without duplicates)
     */
    public record Rule(String path, Set<String> access) {
        public Rule {
            access = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(access));
        }

        /** The kernel rights the names stand for, limited to those the given ABI has. */
        public long rights(int abi) {
            long out = 0;
            for (String name : access) {
                Access a = ACCESS.get(name);
                if (a.abi() <= abi) {
                    out |= a.rights();
                }
            }
            return out;
        }
    }

    /** Why the launch must not start on a kernel with this Landlock ABI (0 = none), if it must not. */
    public Optional<String> refusalFor(int kernelAbi) {
        if (kernelAbi < minAbi) {
            return Optional.of("the Landlock policy requires ABI " + minAbi + " (min_abi) but "
                    + (kernelAbi == 0 ? "Landlock is unavailable" : "this kernel has ABI " + kernelAbi));
        }
        return Optional.empty();
    }

    /** Validates a parsed document, reporting every problem at once. */
    public static LandlockPolicy fromDocument(Map<String, ?> document) throws InvalidPolicyException {
        List<String> problems = new ArrayList<>();
        PolicyDocument.unknownKeys("", document, TOP_KEYS, problems);
        int minAbi = 1;
        Object abi = document.get("min_abi");
        if (abi != null) {
            if (abi instanceof Number n && n.longValue() == n.doubleValue() && n.longValue() >= 1
                    && n.longValue() <= 1000) {
                minAbi = n.intValue();
            } else {
                problems.add("min_abi must be a whole number of at least 1, not " + PolicyDocument.describe(abi));
            }
        }
        List<Rule> rules = new ArrayList<>();
        Object list = document.get("rules");
        if (list != null && !(list instanceof List<?>)) {
            problems.add("rules must be an array of tables ([[rules]]), not " + PolicyDocument.describe(list));
        } else if (list != null) {
            int i = 0;
            for (Object item : (List<?>) list) {
                i++;
                rule("[[rules]] #" + i + " ", item, problems).ifPresent(rules::add);
            }
        }
        Optional<Net> net = net(document.get("net"), problems);
        Optional<Set<String>> scopes = Optional.empty();
        if (document.containsKey("scopes")) {
            Set<String> named = new LinkedHashSet<>();
            scopes = Optional.of(named);
            for (String written : PolicyDocument.strings("scopes ", document.get("scopes"), problems)) {
                String name = AsciiText.lowerCase(written);
                if (SCOPES.containsKey(name)) {
                    named.add(name);
                } else {
                    problems.add("scopes: unknown scope \"" + written + "\" (known: abstract_unix_socket, signal)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException("invalid Landlock policy", problems);
        }
        return new LandlockPolicy(minAbi, rules, net, scopes);
    }

    private static Optional<Net> net(Object value, List<String> problems) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> table)) {
            problems.add("net must be a table ([net]) with bind_tcp and connect_tcp, not "
                    + PolicyDocument.describe(value));
            return Optional.empty();
        }
        PolicyDocument.unknownKeys("[net] ", table, NET_KEYS, problems);
        return Optional.of(new Net(ports("[net] bind_tcp", table.get("bind_tcp"), problems),
                ports("[net] connect_tcp", table.get("connect_tcp"), problems)));
    }

    private static List<Integer> ports(String where, Object value, List<String> problems) {
        List<Integer> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> list)) {
            problems.add(where + " must be a list of ports, not " + PolicyDocument.describe(value));
            return out;
        }
        for (Object item : list) {
            if (item instanceof Number n && n.longValue() == n.doubleValue() && n.longValue() >= 0
                    && n.longValue() <= MAX_PORT) {
                out.add(n.intValue());
            } else {
                problems.add(where + ": " + PolicyDocument.describe(item) + " is not a port (0-" + MAX_PORT + ")");
            }
        }
        return out;
    }

    private static Optional<Rule> rule(String where, Object item, List<String> problems) {
        if (!(item instanceof Map<?, ?> table)) {
            problems.add(where + "must be a table with path and access, not " + PolicyDocument.describe(item));
            return Optional.empty();
        }
        int before = problems.size();
        PolicyDocument.unknownKeys(where, table, RULE_KEYS, problems);
        String path = null;
        Object p = table.get("path");
        if (!(p instanceof String s)) {
            problems.add(where + "path must be a string, not " + PolicyDocument.describe(p));
        } else if (!s.startsWith("/") || List.of(s.split("/")).contains("..") || s.indexOf('\0') >= 0) {
            problems.add(where + "path \"" + s + "\" must be absolute, without \"..\"");
        } else {
            path = s;
            where = where + "(" + s + ") ";
        }
        Set<String> access = new LinkedHashSet<>();
        if (!table.containsKey("access")) {
            problems.add(where + "access is missing (a list of: " + String.join(", ", ACCESS.keySet()) + ")");
        } else {
            for (String written : PolicyDocument.strings(where + "access ", table.get("access"), problems)) {
                String name = AsciiText.lowerCase(written);
                if (ACCESS.containsKey(name)) {
                    access.add(name);
                } else {
                    problems.add(where + "access: unknown right \"" + written + "\""
                            + PolicyDocument.nearest(name, ACCESS.keySet()).map(n -> " (did you mean \"" + n + "\"?)")
                            .orElse(" (known: " + String.join(", ", ACCESS.keySet()) + ")"));
                }
            }
        }
        return problems.size() == before ? Optional.of(new Rule(path, access)) : Optional.empty();
    }
}
