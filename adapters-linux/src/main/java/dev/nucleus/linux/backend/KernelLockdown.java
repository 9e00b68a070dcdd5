package dev.nucleus.linux.backend;

import dev.nucleus.domain.spec.LockdownLevel;
import dev.nucleus.linux.jni.NativeLockdown;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code --require-kernel-lockdown}: the kernel's lockdown level ({@code /sys/kernel/security/lockdown},
 * the current one in brackets) must be at least the one asked; confidentiality also meets integrity.
 * Where securityfs is not mounted it is mounted privately to read it ({@link NativeLockdown}).
 */
final class KernelLockdown {
    /** Where the level is read: the lockdown file's text, or empty when there is no lockdown LSM. */
    interface Source {
        Optional<String> read() throws IOException;
    }

    static final Source KERNEL = () -> {
        try {
            return NativeLockdown.read();
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage(), e);
        }
    };

    private KernelLockdown() {
    }

    static void require(Optional<LockdownLevel> wanted, Source source) throws LaunchFailedException {
        if (wanted.isEmpty()) {
            return;
        }
        String flag = "--require-kernel-lockdown " + wanted.get().cliName();
        Optional<String> text;
        try {
            text = source.read();
        } catch (IOException e) {
            throw new LaunchFailedException(flag + ": cannot read the kernel's lockdown level: " + e.getMessage(), e);
        }
        if (text.isEmpty()) {
            throw new LaunchFailedException(flag + ": this kernel has no lockdown LSM (securityfs has no lockdown"
                    + " file)");
        }
        String current = current(text.get());
        boolean met = switch (wanted.get()) {
            case INTEGRITY -> current.equals("integrity") || current.equals("confidentiality");
            case CONFIDENTIALITY -> current.equals("confidentiality");
        };
        if (!met) {
            throw new LaunchFailedException(flag + ": the kernel is at lockdown level '" + current + "'");
        }
    }

    /** "none [integrity] confidentiality" → "integrity". */
    static String current(String text) {
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        return open >= 0 && close > open ? text.substring(open + 1, close) : "unknown";
    }
}
