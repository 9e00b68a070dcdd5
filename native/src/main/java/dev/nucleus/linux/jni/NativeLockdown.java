package dev.nucleus.linux.jni;

import java.util.Optional;

/**
 * The kernel lockdown level, from {@code /sys/kernel/security/lockdown}. Where securityfs is not
 * mounted, a child process mounts it in a private mount namespace and reads it there, so the host's
 * mounts are left as they are (this needs CAP_SYS_ADMIN).
 */
public final class NativeLockdown {
    private NativeLockdown() {
    }

    /**
     * The file's text ({@code "none [integrity] confidentiality"}); empty when securityfs has no
     * lockdown file (the kernel has no lockdown LSM).
     *
     * @throws NativeShimException when securityfs can be neither found nor mounted privately
     */
    public static Optional<String> read() {
        NativeLibrary.load();
        return Optional.ofNullable(read0());
    }

    private static native String read0();
}
