package dev.nucleus.domain.seccomp;

/**
 * One comparison on a syscall argument, with OCI's meaning: the argument at {@code index} (0..5)
 * as an unsigned 64-bit value, compared by {@code op} with {@code value}; for
 * {@link Op#MASKED_EQ}, {@code (arg & value) == valueTwo} (value is the mask, as in OCI and
 * libseccomp's {@code SCMP_CMP_MASKED_EQ}). {@code valueTwo} must be 0 for every other op.
 *
 * <p>The plain ops compare all 64 bits. The kernel reads an {@code int} argument from the low
 * 32 bits only, so a 32-bit comparison is {@link #low32Eq} ({@code MASKED_EQ} with mask
 * {@code 0xFFFFFFFF}): the high half can then neither smuggle a value past the filter nor get a
 * legitimate call killed.
 */
public record ArgCondition(int index, Op op, long value, long valueTwo) {

    // equals and hashCode by hand: every launch hashes its profile's conditions, and a record's
    // generated ones are bootstrapped on first use, which costs a cold JVM some 5 ms.
    @Override
    public boolean equals(Object o) {
        return o instanceof ArgCondition c && c.index == index && c.op == op && c.value == value
                && c.valueTwo == valueTwo;
    }

    @Override
    public int hashCode() {
        return ((index * 31 + op.ordinal()) * 31 + Long.hashCode(value)) * 31 + Long.hashCode(valueTwo);
    }

    /** Comparison operators, in OCI's and libseccomp's order. */
    public enum Op {
        NE, LT, LE, EQ, GE, GT, MASKED_EQ
    }

    public static final int MAX_INDEX = 5;
    public static final long LOW_32_BITS = 0xFFFF_FFFFL;

    public ArgCondition {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("seccomp argument index must be 0.." + MAX_INDEX + ", got " + index);
        }
        if (op == null) {
            throw new IllegalArgumentException("seccomp comparison op is required");
        }
        if (op != Op.MASKED_EQ && valueTwo != 0) {
            throw new IllegalArgumentException("valueTwo is only meaningful for SCMP_CMP_MASKED_EQ, got "
                    + Long.toUnsignedString(valueTwo) + " with SCMP_CMP_" + op);
        }
    }

    /** {@code arg == value}, all 64 bits. */
    public static ArgCondition eq(int index, long value) {
        return new ArgCondition(index, Op.EQ, value, 0);
    }

    /** {@code (arg & mask) == value}. */
    public static ArgCondition maskedEq(int index, long mask, long value) {
        return new ArgCondition(index, Op.MASKED_EQ, mask, value);
    }

    /** {@code (uint32) arg == value}: for arguments the kernel declares {@code int}/{@code unsigned int}. */
    public static ArgCondition low32Eq(int index, long value) {
        if ((value & ~LOW_32_BITS) != 0) {
            throw new IllegalArgumentException("a 32-bit comparison cannot match 0x" + Long.toHexString(value));
        }
        return maskedEq(index, LOW_32_BITS, value);
    }

    @Override
    public String toString() {
        return op == Op.MASKED_EQ
                ? "(arg" + index + " & 0x" + Long.toHexString(value) + ") == 0x" + Long.toHexString(valueTwo)
                : "arg" + index + " " + op + " 0x" + Long.toHexString(value);
    }
}
