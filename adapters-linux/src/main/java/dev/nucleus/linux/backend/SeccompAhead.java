package dev.nucleus.linux.backend;

import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.linux.seccomp.ProgramStore;
import dev.nucleus.linux.seccomp.SeccompCompiler;
import dev.nucleus.linux.sys.LaunchWorker;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.util.function.Supplier;

/**
 * The launch's seccomp program, made on the launch's worker thread while the launch creates its
 * state, runtime directory and cgroups: the program depends on the profile alone, and this host
 * has a second core. (Building the default profile, its canonical encoding, digest and the program
 * store's read cost a cold start some 3 ms on the main thread.)
 */
final class SeccompAhead {
    private LaunchWorker.Task task;
    private byte[] program;
    private java.util.List<String> unknown = java.util.List.of();
    private RuntimeException failure;

    private SeccompAhead() {
    }

    /** Started: the profile is built (a default one is about 300 rules) and compiled on the worker. */
    static SeccompAhead start(Supplier<SeccompProfile> profile, SeccompCompiler compiler, ProgramStore store,
                              LaunchWorker worker) {
        SeccompAhead ahead = new SeccompAhead();
        ahead.task = worker.submit(() -> ahead.compile(profile, compiler, store));
        return ahead;
    }

    private void compile(Supplier<SeccompProfile> profile, SeccompCompiler compiler, ProgramStore store) {
        try {
            SeccompCompiler.Program compiled = compiler.compile(profile.get(), store);
            program = compiled.bpf();
            unknown = compiled.unknownSyscalls();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** The program (its fields are visible here once the task ran); a profile libseccomp refuses is exit 2. */
    byte[] await() throws LaunchFailedException {
        if (!task.await()) {
            throw new LaunchFailedException("interrupted while the seccomp program was made");
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
