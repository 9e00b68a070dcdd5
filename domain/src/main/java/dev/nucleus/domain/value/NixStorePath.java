package dev.nucleus.domain.value;

import java.util.regex.Pattern;

/** Paths in the Nix store: {@code /nix/store/<32 nix-base32>-<name>}, the store objects and paths inside them. */
public final class NixStorePath {
    public static final String STORE = "/nix/store";
    /** nix-base32 omits e, o, u and t. */
    private static final Pattern STORE_PATH =
            Pattern.compile("/nix/store/[0-9abcdfghijklmnpqrsvwxyz]{32}-[A-Za-z0-9+\\-_?=][A-Za-z0-9+\\-._?=]*(/.*)?");

    private NixStorePath() {
    }

    /**
     * Whether {@code path} is an immediate Nix store object, optionally followed by a path inside
     * that object (never {@code .} or {@code ..}).
     */
    public static boolean isStorePath(String path) {
        if (!STORE_PATH.matcher(path).matches()) {
            return false;
        }
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                return false;
            }
        }
        return true;
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
