package dev.nucleus.linux.backend;

import dev.nucleus.domain.spec.LockdownLevel;
import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --require-kernel-lockdown}: the kernel's lockdown level ({@code /sys/kernel/security/lockdown},
 * the current one in brackets) must be at least the one asked; confidentiality also meets integrity.
 */
final class KernelLockdown {
    static final Path FILE = Path.of("/sys/kernel/security/lockdown");

    private KernelLockdown() {
    }

    static void require(Optional<LockdownLevel> wanted, Path file) throws LaunchFailedException {
        if (wanted.isEmpty()) {
            return;
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new LaunchFailedException("--require-kernel-lockdown " + wanted.get().cliName()
                    + ": this kernel has no lockdown LSM (" + file + " cannot be read)", e);
        }
        String current = current(text);
        boolean met = switch (wanted.get()) {
            case INTEGRITY -> current.equals("integrity") || current.equals("confidentiality");
            case CONFIDENTIALITY -> current.equals("confidentiality");
        };
        if (!met) {
            throw new LaunchFailedException("--require-kernel-lockdown " + wanted.get().cliName()
                    + ": the kernel is at lockdown level '" + current + "'");
        }
    }

    /** "none [integrity] confidentiality" → "integrity". */
    static String current(String text) {
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        return open >= 0 && close > open ? text.substring(open + 1, close) : "unknown";
    }
}
