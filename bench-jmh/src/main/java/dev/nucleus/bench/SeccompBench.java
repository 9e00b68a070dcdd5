package dev.nucleus.bench;

import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompOptIn;
import dev.nucleus.domain.seccomp.SeccompProfile;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The seccomp profile before compilation (libseccomp is not involved): the default profile for a
 * networked workload, {@code --seccomp-allow alarm,sysinfo} on top of it, and the canonical
 * encoding whose digest keys the cache of compiled programs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SeccompBench {
    private static final List<String> ASKED = List.of("alarm", "sysinfo");

    private SeccompProfile networked;

    @Setup
    public void setUp() {
        networked = DefaultSeccompProfile.forRequest(true, false);
    }

    @Benchmark
    public SeccompProfile defaultProfile() {
        return DefaultSeccompProfile.forRequest(true, false);
    }

    @Benchmark
    public SeccompProfile withAllowed() {
        return SeccompOptIn.withAllowed(networked, ASKED);
    }

    @Benchmark
    public byte[] canonicalEncoding() {
        return networked.canonicalEncoding();
    }

    /** All three, as one launch with {@code --seccomp-allow} does them. */
    @Benchmark
    public byte[] resolveAndEncode() {
        return SeccompOptIn.withAllowed(DefaultSeccompProfile.forRequest(true, false), ASKED).canonicalEncoding();
    }
}
