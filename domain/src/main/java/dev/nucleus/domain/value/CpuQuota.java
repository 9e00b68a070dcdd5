package dev.nucleus.domain.value;

/**
 * A CPU limit in cores ({@code 2}, {@code 0.5}, {@code 1.25}), kept exactly as millicores so that
 * {@code 2} and {@code 2.0} are the same limit. Range: [0.01, 65536] cores: below 0.01 the CFS
 * quota would be under the kernel's 1 ms minimum for the 100 ms period (its write fails with
 * EINVAL), on cgroup v1 and v2 alike.
 *
 * <p>The text is read as {@code java.math.BigDecimal} reads a number (sign, digits, a point, an
 * exponent), but by hand: a cold {@code new BigDecimal("2")} costs some 16 ms of class
 * initialisation (BigInteger's caches, the fork-join pool), which every {@code --cpus} start paid.
 * One difference: a huge positive exponent ({@code 1e900000000}) is out of range at once, where
 * BigDecimal would build 10^n for minutes before failing.
 */
public record CpuQuota(long millicores) {
    public static final long MAX_CORES = 65536;
    /** The smallest limit, in millicores: 1 ms of CPU time per 100 ms period. */
    public static final long MIN_MILLICORES = 10;
    private static final long MAX_MILLICORES = MAX_CORES * 1000;
    private static final int MAX_MILLICORE_DIGITS = 8; // 65536000

    public CpuQuota {
        if (millicores < MIN_MILLICORES || millicores > MAX_MILLICORES) {
            throw new IllegalArgumentException("cpu quota out of range");
        }
    }

    public static CpuQuota parse(String text) throws InvalidValueException {
        Decimal d = Decimal.read(text.strip());
        if (d == null) {
            throw new InvalidValueException("expected a number of cores such as 2 or 0.5");
        }
        // millicores = digits x 10^shift
        long shift = d.exponent + 3;
        String digits = d.digits;
        if (digits.isEmpty() || d.negative || digits.length() + shift > MAX_MILLICORE_DIGITS) {
            throw outOfRange(); // zero, negative, or more than 99,999,999 millicores
        }
        if (digits.length() + shift <= 0) {
            throw outOfRange(); // positive, below one millicore
        }
        long whole;
        boolean fraction = false;
        if (shift >= 0) {
            whole = Long.parseLong(digits) * pow10((int) shift);
        } else {
            int point = (int) (digits.length() + shift);
            whole = Long.parseLong(digits.substring(0, point));
            fraction = digits.substring(point).chars().anyMatch(c -> c != '0');
        }
        if (whole < MIN_MILLICORES || whole > MAX_MILLICORES || whole == MAX_MILLICORES && fraction) {
            throw outOfRange();
        }
        if (fraction) {
            throw tooPrecise();
        }
        return new CpuQuota(whole);
    }

    private static InvalidValueException outOfRange() {
        return new InvalidValueException("expected at least 0.01 and at most " + MAX_CORES + " cores");
    }

    private static InvalidValueException tooPrecise() {
        return new InvalidValueException("expected at most three decimals (millicore precision)");
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    /**
     * A number as BigDecimal's grammar has it: [sign] (digits [. [digits]] | . digits) [(e|E) [sign]
     * digits], here as its significant digits (no leading zeros; empty for zero) times
     * 10^exponent. Null where BigDecimal would refuse it, an exponent or scale beyond an int
     * included, so that {@code 1e2147483647} is still not a number.
     */
    private record Decimal(boolean negative, String digits, long exponent) {
        static Decimal read(String t) {
            int i = 0;
            int n = t.length();
            boolean negative = false;
            if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                negative = t.charAt(i++) == '-';
            }
            StringBuilder digits = new StringBuilder();
            int whole = 0;
            int fraction = 0;
            for (; i < n && isDigit(t.charAt(i)); i++, whole++) {
                digits.append(t.charAt(i));
            }
            if (i < n && t.charAt(i) == '.') {
                for (i++; i < n && isDigit(t.charAt(i)); i++, fraction++) {
                    digits.append(t.charAt(i));
                }
            }
            if (whole + fraction == 0) {
                return null;
            }
            long exponent = 0;
            if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
                i++;
                boolean minus = i < n && t.charAt(i) == '-';
                if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
                    i++;
                }
                int start = i;
                int significant = 0;
                for (; i < n && isDigit(t.charAt(i)); i++) {
                    if (exponent > 0 || t.charAt(i) != '0') {
                        if (++significant > 10) {
                            return null; // beyond an int either way
                        }
                    }
                    exponent = exponent * 10 + (t.charAt(i) - '0');
                }
                if (i == start) {
                    return null;
                }
                exponent = minus ? -exponent : exponent;
            }
            // BigDecimal keeps the scale (fraction digits - exponent) in an int, and moving the
            // point three places must keep it there too (a zero's scale is clamped instead).
            long scale = fraction - exponent;
            if (i != n || exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE
                    || scale < Integer.MIN_VALUE || scale > Integer.MAX_VALUE) {
                return null;
            }
            int lead = 0;
            while (lead < digits.length() && digits.charAt(lead) == '0') {
                lead++;
            }
            String significant = digits.substring(lead);
            if (!significant.isEmpty() && scale - 3 < Integer.MIN_VALUE) {
                return null;
            }
            return new Decimal(negative, significant, -scale);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    /** CFS quota for the given period, both in microseconds. */
    public long quotaMicros(long periodMicros) {
        return millicores * periodMicros / 1000;
    }

    /** Plain decimal cores, no trailing zeros: 2, 0.5, 1.25. */
    @Override
    public String toString() {
        long fraction = millicores % 1000;
        if (fraction == 0) {
            return Long.toString(millicores / 1000);
        }
        String three = Long.toString(1000 + fraction).substring(1);
        int end = three.length();
        while (three.charAt(end - 1) == '0') {
            end--;
        }
        return millicores / 1000 + "." + three.substring(0, end);
    }
}
