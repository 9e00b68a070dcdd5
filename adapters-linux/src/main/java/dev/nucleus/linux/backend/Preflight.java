package dev.nucleus.linux.backend;

import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.domain.plan.PlanInputs;
import dev.nucleus.domain.policy.CapabilityPolicy;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.spec.LaunchRequest;
import dev.nucleus.domain.value.NixStorePath;
import dev.nucleus.linux.integrity.RootfsAttestation;
import dev.nucleus.linux.policy.HostInputs;
import dev.nucleus.linux.sys.SmallFiles;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a launch checks before it creates anything, whichever runtime runs it: the host paths the
 * request names, the rootfs against its attestation, the kernel's lockdown, and the policy files
 * against the mode. The native backend calls {@link #nativeLaunch}; the gVisor launch (whose
 * adapter may not depend on this one) calls {@link #gvisorLaunch} from the CLI, so neither runtime
 * skips a check the other makes.
 */
public final class Preflight {
    private Preflight() {
    }

    /** The checks, systemd credentials included; the policies loaded (Landlock judged against the kernel's ABI). */
    static Policies nativeLaunch(ContainerSpec spec, String credentialsDirectory, int landlockAbi)
            throws LaunchFailedException {
        HostInputs.check(spec, credentialsDirectory);
        UsernsReach.check(spec);
        common(spec);
        return Policies.load(spec, landlockAbi);
    }

    /**
     * The checks for gVisor, which enforces no Landlock policy (refused apart): systemd credentials
     * included, the capability policy pinned and checked against the mode.
     */
    public static Optional<CapabilityPolicy> gvisorLaunch(ContainerSpec spec, String credentialsDirectory)
            throws LaunchFailedException {
        HostInputs.check(spec, credentialsDirectory);
        common(spec);
        rootfsClosure(spec); // checked here; the bundle lists it again from the rootfs
        return Policies.capabilitiesOnly(spec);
    }

    /**
     * Every check a launch of {@code spec} would make before creating anything, on the runtime it
     * asks for, with nothing made: for {@code compose}, which checks all its services before it
     * starts the first. A refusal is a {@link PolicyRejectedException} or names the input.
     */
    public static void check(ContainerSpec spec, String credentialsDirectory, int landlockAbi)
            throws LaunchFailedException {
        var network = spec.request().network();
        if (network.mode() == dev.nucleus.domain.spec.NetworkMode.BRIDGE
                && network.natBackend() != dev.nucleus.domain.spec.NatBackend.USERSPACE) {
            dev.nucleus.linux.net.BridgeSubnets.checkFree(network.bridge()); // a new bridge over a host address
        }
        if (spec.request().runtime().kind() == dev.nucleus.domain.spec.RuntimeKind.GVISOR) {
            gvisorLaunch(spec, credentialsDirectory);
        } else {
            nativeLaunch(spec, credentialsDirectory, landlockAbi);
            gpuDevices(spec);
            WorkdirCheck.check(spec, !rootfsClosure(spec).isEmpty());
        }
    }

    /**
     * The GPU nodes the launch passes through (a refusal, exit 2, when it asked for a GPU and the host
     * has none). Inside a --rootfs, NVIDIA's driver libraries are not bound from the host yet: the
     * launch is refused (exit 125) unless they are left to the rootfs (--no-gpu-driver-libs).
     */
    static List<String> gpuDevices(ContainerSpec spec) throws LaunchFailedException {
        if (!spec.request().gpu().enabled()) {
            return List.of(); // without touching GpuDevices: its patterns are not compiled on a plain launch
        }
        List<String> devices = GpuDevices.of(spec.request().gpu());
        if (GpuDevices.nvidia(devices) && spec.request().gpu().bindDriverLibraries()
                && spec.request().filesystem().rootfs().path().isPresent()) {
            throw new dev.nucleus.ports.NotSupportedYetException(List.of("binding the host's NVIDIA driver libraries"
                    + " into a --rootfs (build them into the rootfs and add --no-gpu-driver-libs)"));
        }
        return devices;
    }

    private static void common(ContainerSpec spec) throws LaunchFailedException {
        ioLimitDevices(spec, Path.of("/sys/dev/block"));
        memlockWithinReach(spec, Path.of("/proc/self/limits"));
        productionRootfsInNixStore(spec);
        verifyRootfsAttestation(spec);
        KernelLockdown.require(spec.request().security().requiredLockdown(), KernelLockdown.KERNEL);
    }

    /**
     * Each {@code --io-limit} names a whole block device of this host: the kernel refuses the rest
     * (ENODEV, EINVAL) only once the cgroup is made, and agent mode would then run without limits.
     */
    static void ioLimitDevices(ContainerSpec spec, Path sysDevBlock) throws PolicyRejectedException {
        for (dev.nucleus.domain.value.IoLimit limit : spec.request().resources().io()) {
            String device = limit.device();
            Path node = sysDevBlock.resolve(device);
            if (!Files.isDirectory(node)) {
                throw new PolicyRejectedException("--io-limit " + limit + ": this host has no block device " + device
                        + " (lsblk lists MAJ:MIN)");
            }
            if (Files.exists(node.resolve("partition"))) {
                throw new PolicyRejectedException("--io-limit " + limit + ": " + device + " is a partition; I/O limits"
                        + " apply to a whole disk (lsblk lists MAJ:MIN)");
            }
        }
    }

    /**
     * Raising a hard limit above the one inherited takes CAP_SYS_RESOURCE of the host's namespace:
     * a container in a user namespace never has it, and neither does one started by a process that
     * lacks it (a root confined by its own bounding set). A higher {@code --memlock} would fail
     * inside the container.
     */
    static void memlockWithinReach(ContainerSpec spec, Path limits) throws LaunchFailedException {
        memlockWithinReach(spec, limits, Path.of("/proc/self/status"));
    }

    static void memlockWithinReach(ContainerSpec spec, Path limits, Path status) throws LaunchFailedException {
        long asked = spec.request().resources().memlock().bytes();
        long hard = ProcessLimits.hard(read(limits), "Max locked memory");
        if (hard < 0 || asked <= hard) {
            return; // within what is inherited: nothing to raise (every default launch ends here)
        }
        if (!spec.userNamespace().enabled() && ProcessLimits.holdsSysResource(read(status))) {
            return; // root of the host's namespace, with CAP_SYS_RESOURCE, raises it
        }
        throw new PolicyRejectedException("--memlock " + spec.request().resources().memlock() + ": above the hard"
                + " limit this runtime inherits (" + hard + " bytes), which "
                + (spec.userNamespace().enabled() ? "a container in a user namespace" : "a runtime without"
                + " CAP_SYS_RESOURCE") + " cannot raise; ask for at most that, or raise it for the caller"
                + " (ulimit -H -l)");
    }

    private static String read(Path procFile) throws LaunchFailedException {
        try {
            return SmallFiles.read(procFile.toString());
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read " + procFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Production runs a rootfs from the Nix store (as the reference): immutable and named by its
     * content's hash. Judged on the canonical path, so {@code ./result} (nix-build's link) does.
     */
    private static void productionRootfsInNixStore(ContainerSpec spec) throws LaunchFailedException {
        Optional<String> rootfs = spec.request().filesystem().rootfs().path().map(p -> p.path());
        if (spec.mode() != ServiceMode.PRODUCTION || rootfs.isEmpty()) {
            return;
        }
        String real;
        try {
            real = Path.of(rootfs.get()).toRealPath().toString();
        } catch (IOException e) {
            throw new PolicyRejectedException("--rootfs " + rootfs.get() + ": cannot resolve it: " + e.getMessage());
        }
        if (!NixStorePath.isStorePath(real)) {
            throw new PolicyRejectedException("production mode (rule rootfs-in-nix-store): --rootfs " + rootfs.get()
                    + (real.equals(rootfs.get()) ? "" : " (" + real + ")") + " is not in the Nix store; production"
                    + " runs a rootfs from /nix/store/<hash>-<name> (fix: build it with nix/rootfs.nix, or add the tree"
                    + " with nix-store --add DIR)");
        }
    }

    /**
     * The rootfs's Nix closure, each object one this host's store holds (see {@link NixClosure}): a
     * refusal, exit 2, before anything is made. Empty without a rootfs or a closure list.
     */
    static List<PlanInputs.StoreObject> rootfsClosure(ContainerSpec spec) throws LaunchFailedException {
        Optional<String> rootfs = spec.request().filesystem().rootfs().path().map(p -> p.path());
        if (rootfs.isPresent() && Files.isDirectory(Path.of(rootfs.get()))) {
            return NixClosure.of(Path.of(rootfs.get()));
        }
        return List.of();
    }

    /**
     * {@code --verify-rootfs-attestation}: the rootfs must match its {@code .nucleus-rootfs-sha256}
     * exactly before anything is created (this hashes the whole rootfs on every start).
     */
    private static void verifyRootfsAttestation(ContainerSpec spec) throws LaunchFailedException {
        LaunchRequest r = spec.request();
        if (!r.security().verifyRootfsAttestation()) {
            return;
        }
        if (r.filesystem().rootfs().path().isEmpty()) {
            throw new PolicyRejectedException("--verify-rootfs-attestation needs --rootfs: there is no rootfs to attest");
        }
        RootfsAttestation.verify(Path.of(r.filesystem().rootfs().path().get().path()));
    }
}
