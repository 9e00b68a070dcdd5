package dev.nucleus.linux.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.host.CgroupLayout;
import dev.nucleus.domain.host.CgroupSupport;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.SeccompAction;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The probe against this machine's kernel (6.18, Landlock ABI 7, hybrid cgroups, root). Each
 * fact is checked against an answer obtained another way, not against a hard-coded value.
 */
@Tag("root")
class LinuxHostProbeKernelTest {
    private static final long SYS_LANDLOCK_CREATE_RULESET = 444; // x86_64
    private static final long LANDLOCK_CREATE_RULESET_VERSION = 1;

    private static HostCapabilities host;

    @BeforeAll
    static void probe() {
        host = new LinuxHostProbe().probe();
    }

    /** syscall(2) through the FFM API: an independent path to the same kernel answer. */
    private static long landlockAbiViaFfm() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle syscall = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
        return (long) syscall.invokeExact(SYS_LANDLOCK_CREATE_RULESET, 0L, 0L, LANDLOCK_CREATE_RULESET_VERSION);
    }

    @Test
    void landlockAbiIsWhatTheKernelSaysThroughAnotherPath() throws Throwable {
        long direct = landlockAbiViaFfm();
        assertTrue(direct >= 1, "this kernel has Landlock; landlock_create_ruleset returned " + direct);
        assertEquals(direct, host.landlock().abi());
        assertEquals("", host.landlock().reason());
    }

    @Test
    void seccompActionsAreTheKernelsPublishedList() throws IOException {
        Set<SeccompAction> published = Arrays.stream(Files.readString(Path.of("/proc/sys/kernel/seccomp/actions_avail"))
                        .strip().split("\\s+"))
                .map(a -> SeccompAction.valueOf(a.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SeccompAction.class)));
        assertTrue(host.seccomp().filtersAvailable(), host.seccomp().reason());
        assertEquals(published, host.seccomp().actions());
        assertTrue(host.seccomp().actions().containsAll(Set.of(SeccompAction.LOG, SeccompAction.USER_NOTIF)));
    }

    @Test
    void userAndTimeNamespacesCanBeCreated() {
        assertTrue(host.userNamespaces().available(), host.userNamespaces().reason());
        assertTrue(host.timeNamespaces().available(), host.timeNamespaces().reason());
    }

    /**
     * A launch's probe leaves the namespaces out, as unavailable and saying so, and the cgroup
     * controllers, as unusable (its layout is there); probed afterwards the namespaces are there.
     */
    @Test
    void aLaunchsProbeLeavesNamespacesAndControllersOutAndTheNamespacesCanBeProbedAfterwards() {
        HostCapabilities some = LinuxHostProbe.forLaunch().probe();
        assertFalse(some.userNamespaces().available());
        assertTrue(some.userNamespaces().reason().contains("not probed"), some.userNamespaces().reason());
        assertFalse(some.timeNamespaces().available());
        assertEquals(new CgroupSupport(host.cgroups().layout(), List.of(), List.of()), some.cgroups(),
                "no controller usable: a rule that read them would fail closed");
        HostCapabilities all = LinuxHostProbe.withNamespaces(some);
        assertEquals(new HostCapabilities(host.landlock(), host.seccomp(), host.userNamespaces(),
                host.timeNamespaces(), some.cgroups(), host.root(), host.systemdPid1(), host.runsc()), all,
                "the rest as a full probe finds it");
        assertFalse(host.cgroups().v1Controllers().isEmpty() && host.cgroups().v2Controllers().isEmpty(),
                "the full probe finds this host's controllers");
    }

    @Test
    void cgroupLayoutMatchesTheMountTable() throws IOException {
        List<MountInfo.Mount> mounts = MountInfo.parse(Files.readString(Path.of("/proc/self/mountinfo")));
        String top = fsTypeAt(mounts, "/sys/fs/cgroup");
        CgroupLayout expected = switch (top) {
            case "cgroup2" -> CgroupLayout.UNIFIED;
            case "tmpfs" -> fsTypeAt(mounts, "/sys/fs/cgroup/unified").equals("cgroup2") ? CgroupLayout.HYBRID : CgroupLayout.LEGACY;
            default -> CgroupLayout.NONE;
        };
        assertEquals(expected, host.cgroups().layout());
    }

    /** The file system type of the topmost mount at {@code point} (later lines overmount earlier ones). */
    private static String fsTypeAt(List<MountInfo.Mount> mounts, String point) {
        return mounts.reversed().stream().filter(m -> m.mountPoint().equals(point))
                .map(MountInfo.Mount::fsType).findFirst().orElse("");
    }

    @Test
    void memoryControllerIsUsableAndEveryUsableV1DirectoryReallyIsWritable() throws IOException {
        assertTrue(host.cgroups().usable("memory"), "v1 " + host.cgroups().v1Controllers() + " v2 " + host.cgroups().v2Controllers());
        // Prove "usable" by doing it: create and remove a child cgroup in the memory hierarchy.
        var dirs = CgroupDirs.v1(MountInfo.parse(Files.readString(Path.of("/proc/self/mountinfo"))),
                ProcCgroup.parse(Files.readString(Path.of("/proc/self/cgroup"))));
        Path memory = dirs.get("memory");
        if (host.cgroups().v1Controllers().contains("memory")) {
            Path child = memory.resolve("nucleus-probe-test-" + ProcessHandle.current().pid());
            Files.createDirectory(child);
            try {
                assertTrue(Files.exists(child.resolve("memory.limit_in_bytes")));
            } finally {
                Files.delete(child);
            }
        }
    }

    @Test
    void identityFactsMatchTheProcessTable() throws IOException {
        String uidLine = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        assertEquals(uidLine.split("\\s+")[2].equals("0"), host.root());
        assertTrue(host.root(), "tests run as root on this machine and in CI");
        boolean systemd = ProcessHandle.of(1).flatMap(p -> p.info().command())
                .map(c -> Path.of(c).getFileName().toString().equals("systemd")).orElse(false);
        assertEquals(systemd, host.systemdPid1());
        host.runsc().ifPresent(p -> assertTrue(Files.isExecutable(Path.of(p)), p));
        assertEquals(LinuxHostProbe.RUNSC_CANDIDATES.stream().map(Path::of).anyMatch(Files::isExecutable),
                host.runsc().isPresent());
    }
}
