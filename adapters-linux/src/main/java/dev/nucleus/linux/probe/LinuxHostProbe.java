package dev.nucleus.linux.probe;

import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.linux.sys.Errno;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@link HostProbe} for Linux: kernel answers through JNI, the rest from /proc and /sys. */
public final class LinuxHostProbe implements HostProbe {
    static final List<Path> RUNSC_CANDIDATES = List.of(Path.of("/usr/bin/runsc"), Path.of("/usr/sbin/runsc"),
            Path.of("/usr/local/bin/runsc"), Path.of("/bin/runsc"));

    @Override
    public HostCapabilities probe() {
        int[] raw = NativeHostProbe.probe();
        List<MountInfo.Mount> mounts = MountInfo.parse(read(Path.of("/proc/self/mountinfo")));
        List<ProcCgroup.Entry> membership = ProcCgroup.parse(read(Path.of("/proc/self/cgroup")));
        return new HostCapabilities(
                landlock(raw),
                seccomp(raw),
                namespace(raw[USERNS_ERRNO], "clone(CLONE_NEWUSER)"),
                namespace(raw[TIMENS_ERRNO], "unshare(CLONE_NEWTIME)"),
                new CgroupSupport(layout(raw), usableV1(mounts, membership), usableV2(mounts, membership)),
                ProcStatus.effectiveUid(read(Path.of("/proc/self/status"))).orElse(-1) == 0,
                read(Path.of("/proc/1/comm")).strip().equals("systemd"),
                RUNSC_CANDIDATES.stream().filter(Files::isExecutable).findFirst().map(Path::toString));
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
        Set<SeccompAction> actions = EnumSet.noneOf(SeccompAction.class);
        for (int i = 0; i < SECCOMP_ACTION_ORDER.length; i++) {
            if ((raw[SECCOMP_ACTIONS] & (1 << i)) != 0) {
                actions.add(SeccompAction.valueOf(SECCOMP_ACTION_ORDER[i]));
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
        String controllers = read(dir.get().resolve("cgroup.controllers")).strip();
        return List.copyOf(AsciiText.words(controllers));
    }

    private static boolean writableDir(Path dir) {
        return Files.isDirectory(dir) && Files.isWritable(dir);
    }

    /** A file we cannot read is an absent feature, not a failure of the probe. */
    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
