package dev.nucleus.bench;

import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.gvisor.BundleInputs;
import dev.nucleus.gvisor.OciConfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The gVisor backend's config.json: the text {@link OciConfig#json} writes from resolved
 * {@link BundleInputs}. The inputs are fixed, as the schema test's scenarios: no bundle directory
 * is made.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class OciConfigBench {
    private BundleInputs minimal;
    private BundleInputs full;

    @Setup
    public void setUp() {
        minimal = new BundleInputs(List.of("/bin/true"), List.of("PATH=/bin"), "/", 0, 0, List.of(), "c1",
                "/var/lib/b/rootfs", List.of(), Optional.empty(), Optional.empty(), 512, "/nucleus/c1", Map.of(), true,
                Optional.empty(), Optional.empty());
        long netBind = 1L << 10; // CAP_NET_BIND_SERVICE
        full = new BundleInputs(List.of("/bin/sh", "-c", "exec /srv/web"), List.of("PATH=/bin", "A=b"),
                "/workspace", 1000, 1000, List.of(27L, 100L), "web", "/srv/rootfs",
                List.of(mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
                        mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
                        mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                                "mode=0620"),
                        mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
                        mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
                        mount("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=1777"),
                        mount("/home/agent", "tmpfs", "tmpfs", "nosuid", "nodev", "mode=755"),
                        bind("/data/ctx", "/context", true), bind("/data/ws", "/workspace", false),
                        bind("/dev/shm/nucleus-gvisor-x/s0", "/run/secrets/token", true)),
                Optional.of(64L << 20), Optional.of(50_000L), 128, "/user.slice/nucleus/abc",
                Map.of("dev.nucleus.mode", "agent", "dev.nucleus.trust-level", "untrusted"), false,
                Optional.of(new CapabilityPolicy(netBind, netBind, 0, netBind)),
                Optional.of("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
                        + "\"syscalls\":[{\"names\":[\"mkdir\",\"mkdirat\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"));
    }

    private static BundleInputs.Mount mount(String destination, String type, String source, String... options) {
        return new BundleInputs.Mount(destination, type, source, List.of(options));
    }

    private static BundleInputs.Mount bind(String source, String destination, boolean readOnly) {
        return mount(destination, "bind", source, "rbind", readOnly ? "ro" : "rw", "nosuid", "nodev");
    }

    @Benchmark
    public String minimalConfig() {
        return OciConfig.json(minimal);
    }

    @Benchmark
    public String fullConfig() {
        return OciConfig.json(full);
    }
}
