package dev.nucleus.domain.seccomp;

import java.util.Optional;

/**
 * One line of a trace log ({@code --seccomp-mode trace}): how often the container called one
 * syscall, by its x86_64 number and, where known, its name.
 */
public record SyscallCount(int number, Optional<String> name, long count) {
    public SyscallCount {
        if (number < 0) {
            throw new IllegalArgumentException("a syscall number is not negative, got " + number);
        }
        if (count < 1) {
            throw new IllegalArgumentException("a traced syscall was called at least once, got " + count);
        }
        name = name == null ? Optional.empty() : name;
    }
}
