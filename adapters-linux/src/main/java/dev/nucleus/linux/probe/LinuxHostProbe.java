package dev.nucleus.linux.probe;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.domain.value.Lists;
import dev.nucleus.linux.sys.Errno;
import dev.nucleus.linux.sys.SmallFiles;

import static dev.nucleus.linux.jni.NativeHostProbe.CGROUP_LAYOUT;
import static dev.nucleus.linux.jni.NativeHostProbe.LANDLOCK_ABI;
import static dev.nucleus.linux.jni.NativeHostProbe.LANDLOCK_ERRNO;
import static dev.nucleus.linux.jni.NativeHostProbe.SECCOMP_ACTIONS;
import static dev.nucleus.linux.jni.NativeHostProbe.SECCOMP_ACTION_ORDER;
import static dev.nucleus.linux.jni.NativeHostProbe.SECCOMP_ERRNO;
import static dev.nucleus.linux.jni.NativeHostProbe.SECCOMP_MODE;
import static dev.nucleus.linux.jni.NativeHostProbe.TIMENS_ERRNO;
import static dev.nucleus.linux.jni.NativeHostProbe.USERNS_ERRNO;

import dev.nucleus.domain.host.Availability;
import dev.nucleus.domain.host.CgroupLayout;
import dev.nucleus.domain.host.CgroupSupport;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.LandlockSupport;
import dev.nucleus.domain.host.SeccompAction;
import dev.nucleus.domain.host.SeccompSupport;
import dev.nucleus.linux.jni.NativeHostProbe;
import dev.nucleus.ports.out.HostProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link HostProbe} for Linux: kernel answers through JNI, the rest from /proc and /sys. */
public final class LinuxHostProbe implements HostProbe {
    static final List<String> RUNSC_CANDIDATES = List.of("/usr/bin/runsc", "/usr/sbin/runsc", "/usr/local/bin/runsc",
            "/bin/runsc");

    private final boolean namespaces;
    private final boolean cgroups;

    /** Probes everything, namespaces and cgroup controllers included. */
    public LinuxHostProbe() {
        this(true, true);
    }

    private LinuxHostProbe(boolean namespaces, boolean cgroups) {
        this.namespaces = namespaces;
        this.cgroups = cgroups;
    }

    /**
     * What a launch reads of the host, probed before its request is parsed: the launch decides its
     * security layers from seccomp and Landlock alone. Left out: whether user and time namespaces
     * can be made (a cloned child each; the modes that read them have them probed when they take
     * the probe, {@link #withNamespaces}), and which cgroup controllers this process may use
     * (mountinfo parsed and the hierarchies walked, some 1.5 ms that the launch waited for, and
     * which its cgroup driver finds out for itself when it makes the container's cgroups). Both say
     * they were not probed, as unavailable and unusable: a rule that read them would fail closed.
     */
    public static LinuxHostProbe forLaunch() {
        return new LinuxHostProbe(false, false);
    }

    /** {@code host} with its namespace answers probed now. */
    public static HostCapabilities withNamespaces(HostCapabilities host) {
        int[] raw = NativeHostProbe.probe();
        return new HostCapabilities(host.landlock(), host.seccomp(),
                namespace(raw[USERNS_ERRNO], "clone(CLONE_NEWUSER)"), namespace(raw[TIMENS_ERRNO], "unshare(CLONE_NEWTIME)"),
                host.cgroups(), host.root(), host.systemdPid1(), host.runsc());
    }

    @Override
    public HostCapabilities probe() {
        // A file first: a process's first java.io open starts the JDK's common cleaner thread,
        // better here (a launch's probe runs on a worker of its own as the launch starts) than on
        // the launching thread, which reads its own ids through java.io a moment later.
        String status = read("/proc/self/status");
        int[] raw = namespaces ? NativeHostProbe.probe() : NativeHostProbe.probeWithoutNamespaces();
        return new HostCapabilities(
                landlock(raw),
                seccomp(raw),
                namespace(raw[USERNS_ERRNO], "clone(CLONE_NEWUSER)"),
                namespace(raw[TIMENS_ERRNO], "unshare(CLONE_NEWTIME)"),
                cgroups ? cgroupSupport(layout(raw)) : new CgroupSupport(layout(raw), List.of(), List.of()),
                ProcStatus.effectiveUid(status).orElse(-1) == 0,
                read("/proc/1/comm").strip().equals("systemd"),
                Lists.first(RUNSC_CANDIDATES, SmallFiles::executable));
    }

    static LandlockSupport landlock(int[] raw) {
        if (raw[LANDLOCK_ABI] >= 1) {
            return LandlockSupport.abi(raw[LANDLOCK_ABI]);
        }
        int errno = raw[LANDLOCK_ERRNO];
        String why = switch (Errno.name(errno)) {
            case "EOPNOTSUPP" -> "EOPNOTSUPP: built into the kernel but not enabled; add landlock to the lsm= boot parameter";
            case "ENOSYS" -> "ENOSYS: kernel built without CONFIG_SECURITY_LANDLOCK";
            default -> "landlock_create_ruleset: " + Errno.name(errno);
        };
        return LandlockSupport.unavailable(why);
    }

    static SeccompSupport seccomp(int[] raw) {
        // A HashSet and a loop over values(): an EnumSet, like Enum.valueOf, reads the enum's
        // constants by reflection the first time, which this probe (waited for at start) paid.
        Set<SeccompAction> actions = new HashSet<>();
        for (int i = 0; i < SECCOMP_ACTION_ORDER.length; i++) {
            if ((raw[SECCOMP_ACTIONS] & (1 << i)) != 0) {
                for (SeccompAction action : SeccompAction.values()) {
                    if (action.name().equals(SECCOMP_ACTION_ORDER[i])) {
                        actions.add(action);
                    }
                }
            }
        }
        if (raw[SECCOMP_MODE] < 0) {
            return SeccompSupport.unavailable("prctl(PR_GET_SECCOMP): " + Errno.name(-raw[SECCOMP_MODE])
                    + "; kernel built without CONFIG_SECCOMP");
        }
        if (raw[SECCOMP_ERRNO] != 0 || !actions.contains(SeccompAction.ALLOW)) {
            return SeccompSupport.unavailable("seccomp(SECCOMP_GET_ACTION_AVAIL): " + Errno.name(raw[SECCOMP_ERRNO])
                    + "; kernel built without CONFIG_SECCOMP_FILTER");
        }
        return SeccompSupport.available(actions);
    }

    private static Availability namespace(int errno, String call) {
        if (errno == NativeHostProbe.NOT_PROBED) {
            return Availability.no(call + ": not probed (this launch's mode does not use it)");
        }
        return errno == 0 ? Availability.yes() : Availability.no(call + ": " + Errno.name(errno));
    }

    static CgroupLayout layout(int[] raw) {
        return switch (raw[CGROUP_LAYOUT]) {
            case NativeHostProbe.CGROUP_UNIFIED -> CgroupLayout.UNIFIED;
            case NativeHostProbe.CGROUP_HYBRID -> CgroupLayout.HYBRID;
            case NativeHostProbe.CGROUP_LEGACY -> CgroupLayout.LEGACY;
            default -> CgroupLayout.NONE;
        };
    }

    /** The controllers this process may use, from mountinfo and its cgroup membership. */
    private static CgroupSupport cgroupSupport(CgroupLayout layout) {
        List<MountInfo.Mount> mounts = MountInfo.parse(read("/proc/self/mountinfo"));
        List<ProcCgroup.Entry> membership = ProcCgroup.parse(read("/proc/self/cgroup"));
        return new CgroupSupport(layout, usableV1(mounts, membership), usableV2(mounts, membership));
    }

    /** v1: a controller is usable when this process's directory in its hierarchy is writable. */
    private static List<String> usableV1(List<MountInfo.Mount> mounts, List<ProcCgroup.Entry> membership) {
        List<String> usable = new ArrayList<>();
        for (Map.Entry<String, Path> e : CgroupDirs.v1(mounts, membership).entrySet()) {
            if (writableDir(e.getValue())) {
                usable.add(e.getKey());
            }
        }
        return usable;
    }

    /** v2: the controllers listed in this process's (writable) cgroup directory. */
    private static List<String> usableV2(List<MountInfo.Mount> mounts, List<ProcCgroup.Entry> membership) {
        Optional<Path> dir = CgroupDirs.v2(mounts, membership);
        if (dir.isEmpty() || !writableDir(dir.get())) {
            return List.of();
        }
        String controllers = read(dir.get().resolve("cgroup.controllers").toString()).strip();
        return List.copyOf(AsciiText.words(controllers));
    }

    private static boolean writableDir(Path dir) {
        return SmallFiles.writableDirectory(dir.toString());
    }

    /** A file we cannot read is an absent feature, not a failure of the probe. */
    private static String read(String file) {
        try {
            return SmallFiles.read(file);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
