package dev.nucleus.domain.integrity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of a {@code .nucleus-rootfs-sha256} manifest: one {@code <sha256hex>\t<relpath>}
 * line per regular file of a rootfs, sorted by relpath in byte (UTF-8) order, the manifest itself
 * excluded. Pure data: hashing and walking the tree are the Linux adapter's job.
 *
 * @param entries relpath to lower-case SHA-256 hex, in byte order
 */
public record RootfsManifest(SortedMap<String, String> entries) {
    /** The manifest's file name at the top of the rootfs. */
    public static final String FILE_NAME = ".nucleus-rootfs-sha256";

    /**
     * Relpaths in the byte order of their UTF-8 encoding (what {@code sort} does under LC_ALL=C),
     * which is code point order: compared char by char, without encoding (a rootfs walk sorts
     * thousands of paths, interpreted).
     */
    public static final Comparator<String> BYTE_ORDER = RootfsManifest::compareCodePoints;

    public RootfsManifest {
        Objects.requireNonNull(entries, "entries");
        for (Map.Entry<String, String> e : entries.entrySet()) {
            checkPath(e.getKey());
            if (!isSha256Hex(e.getValue())) {
                throw new IllegalArgumentException("not a SHA-256 hex digest for " + e.getKey() + ": " + e.getValue());
            }
        }
        // putAll copies a map already in byte order (the usual case) in one pass, without re-sorting.
        TreeMap<String, String> copy = new TreeMap<>(BYTE_ORDER);
        copy.putAll(entries);
        entries = Collections.unmodifiableSortedMap(copy);
    }

    /** UTF-16 order differs from code point order only where a surrogate meets a char above it. */
    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** 64 lower-case hex digits. */
    private static boolean isSha256Hex(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static RootfsManifest of(Map<String, String> entries) {
        TreeMap<String, String> sorted = new TreeMap<>(BYTE_ORDER);
        sorted.putAll(entries);
        return new RootfsManifest(sorted);
    }

    /** A relpath the manifest format can carry: relative, normalised, no tab, newline or NUL. */
    public static void checkPath(String relpath) {
        int n = relpath.length();
        if (n == 0 || relpath.charAt(0) == '/' || relpath.charAt(n - 1) == '/') {
            throw new IllegalArgumentException("path cannot be attested: \"" + relpath + "\"");
        }
        // One pass over the characters, no split: a production start checks some 1,600 paths, cold.
        boolean normalised = true;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? relpath.charAt(i) : '/';
            if (c == '\t' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException("path cannot be attested: \"" + relpath + "\"");
            }
            if (c == '/') {
                int length = i - start;
                boolean dots = relpath.charAt(start) == '.' && (length == 1 || length == 2 && relpath.charAt(start + 1) == '.');
                normalised &= length > 0 && !dots;
                start = i + 1;
            }
        }
        if (!normalised) {
            throw new IllegalArgumentException("path is not normalised: \"" + relpath + "\"");
        }
        if (relpath.equals(FILE_NAME)) {
            throw new IllegalArgumentException("the manifest cannot list itself");
        }
    }

    /** Parses manifest text; blank lines are ignored, anything else malformed is refused. */
    public static RootfsManifest parse(String text) {
        TreeMap<String, String> entries = new TreeMap<>(BYTE_ORDER);
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException("manifest line " + number + ": expected <sha256>\\t<path>");
            }
            String hash = line.substring(0, tab);
            String path = line.substring(tab + 1);
            if (!isSha256Hex(hash)) {
                throw new IllegalArgumentException("manifest line " + number + ": not a SHA-256 hex digest");
            }
            try {
                checkPath(path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("manifest line " + number + ": " + e.getMessage(), e);
            }
            if (entries.put(path, hash) != null) {
                throw new IllegalArgumentException("manifest line " + number + ": " + path + " is listed twice");
            }
        }
        return new RootfsManifest(entries);
    }

    /** The manifest text: sorted lines, each ending in a newline. */
    public String format() {
        StringBuilder out = new StringBuilder();
        entries.forEach((path, hash) -> out.append(hash).append('\t').append(path).append('\n'));
        return out.toString();
    }

    /** What {@code actual} lacks, hashes differently, or has in excess, compared to this (expected) manifest. */
    public Difference compare(RootfsManifest actual) {
        List<String> missing = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        entries.forEach((path, hash) -> {
            String now = actual.entries.get(path);
            if (now == null) {
                missing.add(path);
            } else if (!now.equals(hash)) {
                changed.add(path);
            }
        });
        for (String path : actual.entries.keySet()) {
            if (!entries.containsKey(path)) {
                extra.add(path);
            }
        }
        return new Difference(missing, changed, extra);
    }

    /** The outcome of {@link #compare}, each list in byte order. */
    public record Difference(List<String> missing, List<String> changed, List<String> extra) {
        public Difference {
            missing = List.copyOf(missing);
            changed = List.copyOf(changed);
            extra = List.copyOf(extra);
        }

        public boolean clean() {
            return missing.isEmpty() && changed.isEmpty() && extra.isEmpty();
        }

        /** e.g. {@code 1 changed (bin/sh); 0 missing; 7 extra (a, b, c, d, e, ...)}, at most {@code limit} names each. */
        public String describe(int limit) {
            return part("changed", changed, limit) + "; " + part("missing", missing, limit) + "; "
                    + part("extra", extra, limit);
        }

        private static String part(String what, List<String> paths, int limit) {
            if (paths.isEmpty()) {
                return "0 " + what;
            }
            List<String> shown = paths.subList(0, Math.min(limit, paths.size()));
            return paths.size() + " " + what + " (" + String.join(", ", shown)
                    + (paths.size() > limit ? ", ..." : "") + ")";
        }
    }
}
