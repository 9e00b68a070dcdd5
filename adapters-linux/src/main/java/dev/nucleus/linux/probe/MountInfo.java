package dev.nucleus.linux.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parser for {@code /proc/self/mountinfo} (proc(5)); pure, so it is tested on real samples. */
public final class MountInfo {
    /** One mount: the subtree {@code root} of a file system of type {@code fsType} at {@code mountPoint}. */
    public record Mount(String root, String mountPoint, String fsType, List<String> superOptions) {
        public Mount {
            superOptions = List.copyOf(superOptions);
        }
    }

    private MountInfo() {
    }

    /** Parses every well-formed line; malformed lines are skipped rather than guessed at. */
    public static List<Mount> parse(String text) {
        return parse(text, null);
    }

    /**
     * As {@link #parse(String)}, keeping only mounts of the given file-system types ({@code null}:
     * all). A line of another type is passed over at its {@code " - "} separator, before being
     * split: the launch path parses mountinfo for its cgroup mounts only, on hosts with hundreds.
     */
    public static List<Mount> parse(String text, java.util.Set<String> fsTypes) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (fsTypes != null && !fsTypes.contains(fsType(line))) {
                continue;
            }
            String[] f = line.strip().split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            if (dash < 6 || f.length < dash + 4) {
                continue;
            }
            mounts.add(new Mount(unescape(f[3]), unescape(f[4]), f[dash + 1],
                    List.of(f[dash + 3].split(","))));
        }
        return List.copyOf(mounts);
    }

    /**
     * The type field of one line: the word after the {@code " - "} separator (paths cannot hold
     * it: the kernel escapes their spaces), or "" for a line without one.
     */
    public static String fsType(String line) {
        int dash = line.indexOf(" - ");
        if (dash < 0) {
            return "";
        }
        int end = line.indexOf(' ', dash + 3);
        return line.substring(dash + 3, end < 0 ? line.length() : end);
    }

    /** The kernel writes space, tab, newline and backslash in paths as {@code \ooo} octal. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
