package dev.nucleus.domain.value;

import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 or IPv6 address, parsed without {@code java.net} (which may resolve names). IPv4 lives in
 * the low 32 bits of {@code low}; IPv6 uses both halves.
 */
public record IpAddress(Family family, long high, long low) {
    public enum Family { IPV4, IPV6 }

    public static IpAddress parse(String text) throws InvalidValueException {
        String t = text.strip();
        if (t.indexOf(':') >= 0) {
            return parseV6(t);
        }
        return new IpAddress(Family.IPV4, 0, parseV4(t));
    }

    public static IpAddress parseV4Only(String text) throws InvalidValueException {
        IpAddress a = parse(text);
        if (a.family != Family.IPV4) {
            throw new InvalidValueException("expected an IPv4 address such as 10.0.0.1");
        }
        return a;
    }

    public int bits() {
        return family == Family.IPV4 ? 32 : 128;
    }

    public boolean isLoopback() {
        return family == Family.IPV4 ? (low >>> 24) == 127 : high == 0 && low == 1;
    }

    public boolean isUnspecified() {
        return high == 0 && low == 0;
    }

    public boolean isMulticast() {
        return family == Family.IPV4 ? (low >>> 28) == 0xE : (high >>> 56) == 0xFF;
    }

    private static long parseV4(String t) throws InvalidValueException {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            throw v4Expectation();
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !decimalDigits(p) || (p.length() > 1 && p.charAt(0) == '0')) {
                throw v4Expectation();
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw v4Expectation();
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Only 0-9 (a loop: parsed at every start, where a stream per octet costs more than the parse). */
    private static boolean decimalDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static IpAddress parseV6(String t) throws InvalidValueException {
        InvalidValueException bad = new InvalidValueException("expected an IPv4 or IPv6 address such as 10.0.0.1 or fd00::1");
        int doubleColon = t.indexOf("::");
        if (doubleColon >= 0 && t.indexOf("::", doubleColon + 1) >= 0) {
            throw bad;
        }
        List<Integer> head = groups(doubleColon >= 0 ? t.substring(0, doubleColon) : t, doubleColon < 0, bad);
        List<Integer> tail = doubleColon >= 0 ? groups(t.substring(doubleColon + 2), true, bad) : List.of();
        int total = head.size() + tail.size();
        if ((doubleColon < 0 && total != 8) || (doubleColon >= 0 && total > 7)) {
            throw bad;
        }
        int[] all = new int[8];
        for (int i = 0; i < head.size(); i++) {
            all[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            all[8 - tail.size() + i] = tail.get(i);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | all[i];
            lo = (lo << 16) | all[i + 4];
        }
        return new IpAddress(Family.IPV6, hi, lo);
    }

    /** Hex groups of one side of "::"; a trailing dotted IPv4 counts as two groups. */
    private static List<Integer> groups(String side, boolean endsAddress, InvalidValueException bad)
            throws InvalidValueException {
        List<Integer> out = new ArrayList<>();
        if (side.isEmpty()) {
            return out;
        }
        String[] parts = side.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = AsciiText.lowerCase(parts[i]);
            if (endsAddress && i == parts.length - 1 && p.indexOf('.') >= 0) {
                long v4 = parseV4(p);
                out.add((int) (v4 >>> 16));
                out.add((int) (v4 & 0xFFFF));
            } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
                throw bad;
            } else {
                out.add(Integer.parseInt(p, 16));
            }
        }
        return out;
    }

    private static InvalidValueException v4Expectation() {
        return new InvalidValueException("expected an IPv4 address such as 10.0.0.1");
    }

    @Override
    public String toString() {
        if (family == Family.IPV4) {
            return (low >>> 24 & 0xFF) + "." + (low >>> 16 & 0xFF) + "." + (low >>> 8 & 0xFF) + "." + (low & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (high >>> (48 - 16 * i) & 0xFFFF);
            g[i + 4] = (int) (low >>> (48 - 16 * i) & 0xFFFF);
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
