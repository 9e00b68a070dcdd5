package dev.nucleus.linux.backend;

import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.linux.seccomp.ProgramStore;
import dev.nucleus.linux.seccomp.SeccompCompiler;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.util.function.Supplier;

/**
 * The launch's seccomp program, made on a thread of its own while the launch creates its state,
 * runtime directory and cgroups: the program depends on the profile alone, and this host has a
 * second core. (Building the default profile, its canonical encoding, digest and the program
 * store's read cost a cold start some 3 ms on the main thread.)
 */
final class SeccompAhead {
    private final Thread thread;
    private byte[] program;
    private java.util.List<String> unknown = java.util.List.of();
    private RuntimeException failure;

    private SeccompAhead(Supplier<SeccompProfile> profile, SeccompCompiler compiler, ProgramStore store) {
        // A plain Thread, as HostProbeAhead's: the Thread.Builder API costs a cold start more classes.
        this.thread = new Thread(() -> {
            try {
                SeccompCompiler.Program compiled = compiler.compile(profile.get(), store);
                program = compiled.bpf();
                unknown = compiled.unknownSyscalls();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "nucleus-seccomp");
        thread.setDaemon(true);
    }

    /** Started: the profile is built (a default one is about 300 rules) and compiled on the thread. */
    static SeccompAhead start(Supplier<SeccompProfile> profile, SeccompCompiler compiler, ProgramStore store) {
        SeccompAhead ahead = new SeccompAhead(profile, compiler, store);
        ahead.thread.start();
        return ahead;
    }

    /** The program (join: its fields are then visible here); a profile libseccomp refuses is exit 2. */
    byte[] await() throws LaunchFailedException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while the seccomp program was made", e);
        }
        if (failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
            throw new PolicyRejectedException("seccomp profile cannot be compiled: " + failure.getMessage(), failure);
        }
        if (failure != null) {
            throw failure;
        }
        return program;
    }

    /** The profile's syscall names this architecture does not have, left out of the filter (after {@link #await}). */
    java.util.List<String> unknownSyscalls() {
        return unknown;
    }
}
