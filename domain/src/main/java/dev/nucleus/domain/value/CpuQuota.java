package dev.nucleus.domain.value;

import java.math.BigDecimal;

/**
 * A CPU limit in cores ({@code 2}, {@code 0.5}, {@code 1.25}), kept exactly as millicores so that
 * {@code 2} and {@code 2.0} are the same limit. Range: (0, 65536] cores.
 */
public record CpuQuota(long millicores) {
    public static final long MAX_CORES = 65536;

    public CpuQuota {
        if (millicores <= 0 || millicores > MAX_CORES * 1000) {
            throw new IllegalArgumentException("cpu quota out of range");
        }
    }

    public static CpuQuota parse(String text) throws InvalidValueException {
        String t = text.strip();
        BigDecimal milli;
        try {
            if (!t.chars().allMatch(c -> c < 128)) {
                throw new NumberFormatException();
            }
            milli = new BigDecimal(t).movePointRight(3);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidValueException("expected a number of cores such as 2 or 0.5");
        }
        if (milli.signum() <= 0 || milli.compareTo(BigDecimal.valueOf(MAX_CORES * 1000)) > 0) {
            throw new InvalidValueException("expected more than 0 and at most " + MAX_CORES + " cores");
        }
        if (milli.stripTrailingZeros().scale() > 0) {
            throw new InvalidValueException("expected at most three decimals (millicore precision)");
        }
        return new CpuQuota(milli.longValueExact());
    }

    /** CFS quota for the given period, both in microseconds. */
    public long quotaMicros(long periodMicros) {
        return millicores * periodMicros / 1000;
    }

    @Override
    public String toString() {
        return BigDecimal.valueOf(millicores, 3).stripTrailingZeros().toPlainString();
    }
}
