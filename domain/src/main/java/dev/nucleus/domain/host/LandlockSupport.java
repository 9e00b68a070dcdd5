package dev.nucleus.domain.host;

import java.util.Objects;

/** Landlock ABI version of the kernel; 0 = unusable, with the reason. */
public record LandlockSupport(int abi, String reason) {
    public LandlockSupport {
        Objects.requireNonNull(reason, "reason");
        if (abi < 0) {
            throw new IllegalArgumentException("Landlock ABI cannot be negative: " + abi);
        }
        if (abi == 0 && reason.isBlank()) {
            throw new IllegalArgumentException("an unusable Landlock must say why");
        }
    }

    public static LandlockSupport abi(int abi) {
        return new LandlockSupport(abi, "");
    }

    public static LandlockSupport unavailable(String reason) {
        return new LandlockSupport(0, reason);
    }

    public boolean available() {
        return abi >= 1;
    }
}
