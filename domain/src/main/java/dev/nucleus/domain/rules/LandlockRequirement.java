package dev.nucleus.domain.rules;

/**
 * How much Landlock the mode demands: the best the kernel offers, full enforcement of the default
 * rules (every right they use must be handled), or a minimum ABI.
 */
public record LandlockRequirement(Kind kind, int minimumAbi) {
    public enum Kind { BEST_AVAILABLE, FULL_DEFAULT_RULES, MINIMUM_ABI }

    /** ABI 5 handles every right the default rules use (refer 2, truncate 3, ioctl_dev 5). */
    public static final int FULL_DEFAULT_RULES_ABI = 5;
    public static final int PRODUCTION_MINIMUM_ABI = 3;

    public boolean satisfiedBy(int kernelAbi) {
        return kernelAbi >= minimumAbi;
    }
}
