package dev.nucleus.domain.value;

/** Paths in the Nix store: {@code /nix/store/<32 nix-base32>-<name>}, the store objects and paths inside them. */
public final class NixStorePath {
    public static final String STORE = "/nix/store";
    private static final String PREFIX = STORE + "/";
    /** nix-base32 omits e, o, u and t. */
    private static final String BASE32 = "0123456789abcdfghijklmnpqrsvwxyz";
    private static final int HASH_LENGTH = 32;

    private NixStorePath() {
    }

    /**
     * Whether {@code path} is an immediate Nix store object, optionally followed by a path inside
     * that object (never {@code .} or {@code ..}).
     */
    public static boolean isStorePath(String path) {
        if (!path.startsWith(PREFIX) || path.length() < PREFIX.length() + HASH_LENGTH + 2) {
            return false;
        }
        int i = PREFIX.length();
        for (int end = i + HASH_LENGTH; i < end; i++) {
            if (BASE32.indexOf(path.charAt(i)) < 0) {
                return false;
            }
        }
        char first = path.charAt(i + 1);
        if (path.charAt(i++) != '-' || first == '.' || !nameChar(first)) { // a name, not a hidden one
            return false;
        }
        for (; i < path.length() && path.charAt(i) != '/'; i++) {
            if (!nameChar(path.charAt(i))) {
                return false;
            }
        }
        // Below the object: no . or .. component (empty ones are harmless).
        for (int from = i; from < path.length(); ) {
            int next = path.indexOf('/', from + 1);
            String part = path.substring(from + 1, next < 0 ? path.length() : next);
            if (part.equals(".") || part.equals("..")) {
                return false;
            }
            from = next < 0 ? path.length() : next;
        }
        return true;
    }

    /** A character of a store object's name: letters, digits and {@code + - . _ ? =}. */
    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "+-._?=".indexOf(c) >= 0;
    }

    /** Whether {@code path} is a store object itself: {@code /nix/store/<hash>-<name>} and nothing below it. */
    public static boolean isObject(String path) {
        return isStorePath(path) && object(path).equals(path);
    }

    /** The store object a {@link #isStorePath store path} lies in: {@code /nix/store/<hash>-<name>}. */
    public static String object(String path) {
        String[] parts = path.split("/", 5);
        return "/" + parts[1] + "/" + parts[2] + "/" + parts[3];
    }
}
