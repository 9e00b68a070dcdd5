package dev.nucleus.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PlanBuilderTest {
    private static final String ROOT = "/run/nucleus/c1/root";

    private static ContainerSpec spec(Map<LaunchOption, List<String>> options, Invoker who) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.putAll(options);
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values,
                List.of("/bin/sh", "-c", "true"), RawLaunchRequest.Origin.FLAGS)), who);
    }

    private static PlanInputs inputs() {
        return new PlanInputs("c1", ROOT, List.of(
                new PlanInputs.TopLevelEntry("usr", "/usr", Optional.empty()),
                new PlanInputs.TopLevelEntry("bin", "/bin", Optional.of("usr/bin"))),
                new PlanInputs.Workload(0, 0, List.of()), "/bin/sh", List.of("PATH=/bin"),
                Optional.of(new byte[16]), 7, List.of(new PlanInputs.EtcFile("hosts", "127.0.0.1 localhost\n")),
                List.of(new PlanInputs.EtcBind("/etc/alternatives", "/etc/alternatives", true)), Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(), List.of());
    }

    private static int indexOf(List<Step> steps, Class<? extends Step> kind) {
        for (int i = 0; i < steps.size(); i++) {
            if (kind.isInstance(steps.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void stepsFollowTheDesignOrder() throws Exception {
        List<Step> steps = PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), inputs()).steps();
        assertEquals(new Step.MakePrivate(), steps.getFirst());
        List<Class<? extends Step>> order = List.of(Step.PivotRoot.class, Step.SetHostname.class, Step.AwaitGo.class,
                Step.Unshare.class, Step.DropBounding.class, Step.SetIdentity.class, Step.Capset.class, Step.NoNewPrivs.class,
                Step.Landlock.class, Step.CloseFds.class, Step.Seccomp.class, Step.Exec.class);
        int previous = -1;
        for (Class<? extends Step> kind : order) {
            int at = indexOf(steps, kind);
            assertTrue(at > previous, kind.getSimpleName() + " out of order in " + steps);
            previous = at;
        }
        int pivot = indexOf(steps, Step.PivotRoot.class);
        assertTrue(steps.subList(0, pivot).stream().noneMatch(s -> s instanceof Step.SetIdentity));
        assertTrue(steps.subList(pivot, steps.size()).stream().noneMatch(s -> s instanceof Step.Mount),
                "every mount happens before pivot_root");
        assertEquals(steps.size() - 1, indexOf(steps, Step.Exec.class));
    }

    /**
     * The mounts and pivot_root run while the runtime does its part; GO is awaited before the
     * cgroup namespace starts (the process must be in its cgroups) and before identity,
     * capabilities, Landlock and seccomp.
     */
    @Test
    void goIsAwaitedAfterTheMountsAndBeforeTheCgroupNamespaceAndThePrivileges() throws Exception {
        List<Step> steps = PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), inputs()).steps();
        int go = indexOf(steps, Step.AwaitGo.class);
        assertEquals(1, steps.stream().filter(Step.AwaitGo.class::isInstance).count());
        assertTrue(steps.subList(0, go).stream().allMatch(s -> s instanceof Step.MakePrivate || s instanceof Step.Mount
                || s instanceof Step.Mkdir || s instanceof Step.MkFile || s instanceof Step.WriteFile
                || s instanceof Step.Symlink || s instanceof Step.MaskPath || s instanceof Step.ReadonlyPath
                || s instanceof Step.PivotRoot || s instanceof Step.SetHostname), "before GO: " + steps.subList(0, go));
        assertEquals(new Step.Unshare(Clone.NEWCGROUP), steps.get(go + 1));
    }

    /**
     * With a user namespace nothing runs before the runtime wrote the id maps: they are awaited
     * first; then the mounts and pivot_root run while the runtime does the rest of its part, and
     * GO is awaited where it is without one (before the cgroup namespace and the privileges).
     */
    @Test
    void inAUserNamespaceTheIdMapsAreAwaitedFirstAndGoAfterTheMounts() throws Exception {
        List<Step> steps = PlanBuilder.build(spec(Map.of(), new Invoker(1000, 1000)), inputs()).steps();
        assertEquals(List.of(new Step.AwaitMaps(), new Step.SetIdentity(0, 0, List.of()), new Step.MakePrivate()),
                steps.subList(0, 3));
        assertEquals(1, steps.stream().filter(Step.AwaitMaps.class::isInstance).count());
        assertEquals(1, steps.stream().filter(Step.AwaitGo.class::isInstance).count());
        int go = indexOf(steps, Step.AwaitGo.class);
        assertEquals(Step.SetHostname.class, steps.get(go - 1).getClass());
        assertTrue(indexOf(steps, Step.PivotRoot.class) < go, "pivot_root before GO");
        assertEquals(new Step.Unshare(Clone.NEWCGROUP), steps.get(go + 1));
        assertTrue(PlanBuilder.build(spec(Map.of(), new Invoker(1000, 1000)), inputs()).awaitsMaps());
        assertFalse(PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), inputs()).awaitsMaps(),
                "without a user namespace there is nothing to await");
    }

    /** As Docker does, on a network only: written before the mounts, while the host's /proc is there. */
    @Test
    void aBridgedContainerMayBindLowPortsWithoutACapability() throws Exception {
        Step lowPorts = new Step.WriteFile(PlanBuilder.UNPRIVILEGED_PORT_START, 0644, new byte[]{'0'});
        List<Step> bridged = PlanBuilder.build(spec(Map.of(LaunchOption.NETWORK, List.of("bridge")),
                new Invoker(0, 0)), inputs()).steps();
        assertEquals(List.of(lowPorts, new Step.MakePrivate()), bridged.subList(0, 2));
        assertEquals(1, bridged.stream().filter(lowPorts::equals).count());

        List<Step> rootless = PlanBuilder.build(spec(Map.of(LaunchOption.NETWORK, List.of("bridge")),
                new Invoker(1000, 1000)), inputs()).steps();
        assertTrue(rootless.indexOf(lowPorts) > indexOf(rootless, Step.SetIdentity.class),
                "as the namespace's root, which owns the network namespace");
        assertTrue(rootless.indexOf(lowPorts) < indexOf(rootless, Step.MakePrivate.class));

        assertFalse(PlanBuilder.build(spec(Map.of(LaunchOption.NETWORK, List.of("none")), new Invoker(0, 0)),
                inputs()).steps().contains(lowPorts), "none: loopback alone");
        assertFalse(PlanBuilder.build(spec(Map.of(LaunchOption.NETWORK, List.of("host"),
                LaunchOption.ALLOW_HOST_NETWORK, List.of("true")), new Invoker(0, 0)), inputs()).steps()
                .contains(lowPorts), "host: the host's own setting, never written");
    }

    @Test
    void devicesAreBoundNotCreatedAndProcIsMasked() throws Exception {
        List<Step> steps = PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), inputs()).steps();
        assertTrue(steps.contains(new Step.Mount("/dev/urandom", ROOT + "/dev/urandom", "", MountFlags.BIND, "")));
        assertTrue(steps.contains(new Step.MaskPath(ROOT + "/proc/kcore")));
        assertTrue(steps.contains(new Step.Symlink("usr/bin", ROOT + "/bin")));
        assertTrue(steps.contains(new Step.Mount("sysfs", ROOT + "/sys", "sysfs",
                MountFlags.RDONLY | MountFlags.NOSUID | MountFlags.NODEV | MountFlags.NOEXEC, "")));
    }

    @Test
    void gpuNodesAreBoundAtTheirOwnPathsBeforeDevTurnsReadOnly() throws Exception {
        PlanInputs base = inputs();
        PlanInputs withGpu = base.withGpuDevices(List.of("/dev/dri/renderD128", "/dev/nvidia0"));
        List<Step> steps = PlanBuilder.build(spec(Map.of(LaunchOption.GPU_VENDOR, List.of("auto")), new Invoker(0, 0)),
                withGpu).steps();
        int render = steps.indexOf(new Step.Mount("/dev/dri/renderD128", ROOT + "/dev/dri/renderD128", "",
                MountFlags.BIND, ""));
        int nvidia = steps.indexOf(new Step.Mount("/dev/nvidia0", ROOT + "/dev/nvidia0", "", MountFlags.BIND, ""));
        assertTrue(render > 0 && nvidia > 0, steps::toString);
        assertTrue(steps.indexOf(new Step.Mkdir(ROOT + "/dev/dri", 0755)) < render, "its directory first");
        assertTrue(steps.indexOf(new Step.MkFile(ROOT + "/dev/nvidia0", 0666)) < nvidia, "a node to bind onto");
        int readOnly = steps.indexOf(new Step.Mount("", ROOT + "/dev", "",
                MountFlags.REMOUNT | MountFlags.RDONLY | MountFlags.NOSUID | MountFlags.NOEXEC, "mode=0755,size=64k"));
        assertTrue(nvidia < readOnly && render < readOnly, "bound while /dev is writable; the binds stay nodev-free");
        assertThrows(IllegalArgumentException.class, () -> base.withGpuDevices(List.of("/etc/shadow")));
    }

    @Test
    void theNixClosureAppearsReadOnlyAtItsOwnPathsBeforeTheRootTurnsReadOnly() throws Exception {
        String store = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-";
        PlanInputs in = inputs().withClosure(List.of(
                new PlanInputs.StoreObject(store + "busybox", PlanInputs.StoreObject.Kind.DIRECTORY, Optional.empty()),
                new PlanInputs.StoreObject(store + "motd", PlanInputs.StoreObject.Kind.FILE, Optional.empty()),
                new PlanInputs.StoreObject(store + "sh", PlanInputs.StoreObject.Kind.SYMLINK,
                        Optional.of(store + "busybox/bin/busybox"))));
        List<Step> steps = PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), in).steps();
        int dir = steps.indexOf(new Step.Mount(store + "busybox", ROOT + store + "busybox", "", MountFlags.BIND, ""));
        int dirReadOnly = steps.indexOf(new Step.Mount("", ROOT + store + "busybox", "",
                MountFlags.BIND | MountFlags.REMOUNT | MountFlags.RDONLY | MountFlags.NOSUID | MountFlags.NODEV, ""));
        int file = steps.indexOf(new Step.Mount(store + "motd", ROOT + store + "motd", "", MountFlags.BIND, ""));
        int link = steps.indexOf(new Step.Symlink(store + "busybox/bin/busybox", ROOT + store + "sh"));
        int store0 = steps.indexOf(new Step.Mkdir(ROOT + "/nix/store", 0755));
        int rootReadOnly = steps.indexOf(new Step.Mount("", ROOT, "",
                MountFlags.REMOUNT | MountFlags.RDONLY | MountFlags.NOSUID | MountFlags.NODEV, "mode=0755,size=64m"));
        assertTrue(store0 >= 0 && store0 < dir && dir < dirReadOnly && dirReadOnly < rootReadOnly, steps::toString);
        assertTrue(steps.indexOf(new Step.Mkdir(ROOT + store + "busybox", 0755)) < dir, "a mount point to bind onto");
        assertTrue(steps.indexOf(new Step.MkFile(ROOT + store + "motd", 0444)) < file && file < rootReadOnly);
        assertTrue(link > store0 && link < rootReadOnly, steps::toString);
        assertEquals(1, steps.stream().filter(new Step.Mkdir(ROOT + "/nix/store", 0755)::equals).count(), "made once");
        assertTrue(PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), inputs()).steps().stream()
                .noneMatch(s -> (s instanceof Step.Mkdir || s instanceof Step.Mount) && s.toString().contains("/nix")),
                "no closure, no /nix/store");
        assertThrows(IllegalArgumentException.class, () -> new PlanInputs.StoreObject(store + "busybox/bin",
                PlanInputs.StoreObject.Kind.DIRECTORY, Optional.empty()), "inside an object");
        assertThrows(IllegalArgumentException.class, () -> new PlanInputs.StoreObject("/etc",
                PlanInputs.StoreObject.Kind.DIRECTORY, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new PlanInputs.StoreObject(store + "sh",
                PlanInputs.StoreObject.Kind.SYMLINK, Optional.empty()));
    }

    @Test
    void everyRemountOfARecursiveBindReachesItsSubmounts() throws Exception {
        List<Step> steps = PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), inputs()).steps();
        long bindRec = MountFlags.BIND | MountFlags.REC;
        List<Step.Mount> recursive = steps.stream().filter(s -> s instanceof Step.Mount m
                && (m.flags() & (bindRec | MountFlags.REMOUNT)) == bindRec).map(s -> (Step.Mount) s).toList();
        assertFalse(recursive.isEmpty(), "the host's /usr is bound recursively");
        for (Step.Mount bind : recursive) {
            Step.Mount remount = steps.subList(steps.indexOf(bind) + 1, steps.size()).stream()
                    .filter(s -> s instanceof Step.Mount m && m.target().equals(bind.target())
                            && (m.flags() & MountFlags.REMOUNT) != 0)
                    .map(s -> (Step.Mount) s).findFirst().orElseThrow();
            assertEquals(bindRec | MountFlags.REMOUNT, remount.flags() & (bindRec | MountFlags.REMOUNT),
                    bind.target() + ": the remount must carry REC, or what is mounted beneath keeps its flags");
        }
        assertTrue(steps.contains(new Step.Mount("", ROOT + "/usr", "", FilesystemSteps.RO_BIND_REMOUNT | MountFlags.REC, "")));
    }

    @Test
    void productionGetsMiniInitAndHidepid() throws Exception {
        ContainerSpec prod = spec(Map.of(LaunchOption.SERVICE_MODE, List.of("production"),
                LaunchOption.MEMORY, List.of("1G"), LaunchOption.CPUS, List.of("1"), LaunchOption.ROOTFS, List.of("/srv/r"),
                LaunchOption.VERIFY_ROOTFS_ATTESTATION, List.of("true"), LaunchOption.TRUST_LEVEL, List.of("trusted")),
                new Invoker(0, 0));
        List<Step> steps = PlanBuilder.build(prod, inputs()).steps();
        assertEquals(steps.size() - 2, indexOf(steps, Step.MiniInit.class));
        assertTrue(steps.stream().anyMatch(s -> s instanceof Step.Mount m && m.fstype().equals("proc")
                && m.data().equals("hidepid=2")));
    }

    @Test
    void namespacesFollowTheRequest() throws Exception {
        long agent = PlanBuilder.cloneFlags(spec(Map.of(), new Invoker(0, 0)));
        assertEquals(Clone.NEWNS | Clone.NEWPID | Clone.NEWUTS | Clone.NEWIPC | Clone.NEWNET, agent);
        long rootless = PlanBuilder.cloneFlags(spec(Map.of(LaunchOption.TIME_NAMESPACE, List.of("true"),
                LaunchOption.DISABLE_CGROUP_NAMESPACE, List.of("true")), new Invoker(1000, 1000)));
        assertTrue((rootless & Clone.NEWUSER) != 0 && (rootless & Clone.NEWTIME) != 0);
        assertFalse(PlanBuilder.build(spec(Map.of(LaunchOption.DISABLE_CGROUP_NAMESPACE, List.of("true")),
                new Invoker(0, 0)), inputs()).steps().stream().anyMatch(s -> s instanceof Step.Unshare));
        long host = PlanBuilder.cloneFlags(spec(Map.of(LaunchOption.NETWORK, List.of("host"),
                LaunchOption.ALLOW_HOST_NETWORK, List.of("true")), new Invoker(0, 0)));
        assertFalse((host & Clone.NEWNET) != 0);
    }

    @Test
    void theNetworkNamespaceIsMadeAheadOnlyWhenThePlanClonesOneAndNoUserNamespaceOwnsIt() throws Exception {
        assertTrue(PlanBuilder.networkNamespaceAhead(spec(Map.of(), new Invoker(0, 0))));
        assertFalse(PlanBuilder.networkNamespaceAhead(spec(Map.of(), new Invoker(1000, 1000))),
                "a rootless launch's user namespace must own its network namespace");
        assertFalse(PlanBuilder.networkNamespaceAhead(spec(Map.of(LaunchOption.NETWORK, List.of("host"),
                LaunchOption.ALLOW_HOST_NETWORK, List.of("true")), new Invoker(0, 0))), "none to make");
    }

    @Test
    void landlockScopesComeWithAbiSix() throws Exception {
        List<Step> steps = PlanBuilder.build(spec(Map.of(), new Invoker(0, 0)), inputs()).steps();
        assertTrue(steps.contains(new Step.LandlockScope(3)), "ABI 7 here: both scopes");
        assertTrue(indexOf(steps, Step.LandlockScope.class) > indexOf(steps, Step.Landlock.class));
        assertTrue(indexOf(steps, Step.LandlockScope.class) < indexOf(steps, Step.Seccomp.class));
    }

    @Test
    void landlockRightsAreMaskedToTheKernelAbi() throws Exception {
        Step.Landlock abi1 = DefaultLandlockRules.of(spec(Map.of(), new Invoker(0, 0)), 1);
        assertEquals((1L << 13) - 1, abi1.handledFs());
        assertTrue(abi1.rules().stream().allMatch(r -> (r.access() & ~abi1.handledFs()) == 0));
        Step.Landlock abi7 = DefaultLandlockRules.of(spec(Map.of(), new Invoker(0, 0)), 7);
        assertTrue(abi7.rules().stream().anyMatch(r -> r.path().equals("/tmp")
                && (r.access() & LandlockAccess.EXECUTE) == 0 && (r.access() & LandlockAccess.TRUNCATE) != 0));
    }
}
