package dev.nucleus.linux.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The pure /proc parsers, on samples taken from real hosts. */
class ProcParsersTest {

    /** This build machine: hybrid, v1 controllers under a tmpfs, empty cgroup2 at unified/. */
    static final String HYBRID_MOUNTINFO = """
            23 1 0:22 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    static final String HYBRID_CGROUP = """
            9:name=systemd:/
            8:pids:/
            4:memory:/process_api/227cf1c6b0bec07801f69b08869a4f58
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    /** A systemd host with cgroup v2 only. */
    static final String UNIFIED_MOUNTINFO = """
            22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            26 22 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;

    /** Inside a Docker container on a v1 host: mounts show only the container's subtree, read-only. */
    static final String DOCKER_V1_MOUNTINFO = """
            1195 1187 0:68 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755
            1203 1195 0:31 /docker/4f2e /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime master:15 - cgroup cgroup rw,memory
            1204 1195 0:32 /docker/4f2e /sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec,relatime master:16 - cgroup cgroup rw,cpu,cpuacct
            1205 1195 0:33 /docker/4f2e /sys/fs/cgroup/pids ro,nosuid,nodev,noexec,relatime master:17 - cgroup cgroup rw,pids
            """;
    static final String DOCKER_V1_CGROUP = """
            12:pids:/docker/4f2e
            11:memory:/docker/4f2e/child
            4:cpu,cpuacct:/docker/4f2e
            3:pids:/elsewhere
            """;

    @Test
    void parsesMountinfoFields() {
        List<MountInfo.Mount> mounts = MountInfo.parse(HYBRID_MOUNTINFO);
        assertEquals(8, mounts.size());
        assertEquals(new MountInfo.Mount("/", "/sys/fs/cgroup/memory", "cgroup", List.of("rw", "memory")), mounts.get(4));
        assertEquals("cgroup2", mounts.get(7).fsType());
        // optional fields (shared:N) before the separator do not shift the fields after it
        assertEquals(List.of("rw", "nsdelegate", "memory_recursiveprot"), MountInfo.parse(UNIFIED_MOUNTINFO).get(1).superOptions());
    }

    /** The typed parse keeps exactly the mounts of those types the full parse has, in order. */
    @Test
    void parsesOnlyTheAskedTypes() {
        for (String text : List.of(HYBRID_MOUNTINFO, UNIFIED_MOUNTINFO, DOCKER_V1_MOUNTINFO)) {
            Set<String> types = Set.of("cgroup", "cgroup2");
            assertEquals(MountInfo.parse(text).stream().filter(m -> types.contains(m.fsType())).toList(),
                    MountInfo.parse(text, types));
        }
        assertEquals("ext4", MountInfo.fsType("50 23 8:1 / /mnt/a\\040-\\040b rw shared:1 - ext4 /dev/sda1 rw"));
        assertEquals("", MountInfo.fsType("51 23 8:1 / /x rw no-separator ext4 /dev/sda1 rw"));
        assertEquals("tmpfs", MountInfo.fsType("52 23 0:5 / /t rw - tmpfs"));
    }

    @Test
    void unescapesOctalInPathsAndSkipsMalformedLines() {
        List<MountInfo.Mount> mounts = MountInfo.parse("""
                50 23 8:1 /a\\134b /mnt/my\\040disk rw - ext4 /dev/sda1 rw
                garbage line
                51 23 8:1 / /x rw no-separator ext4 /dev/sda1 rw
                """);
        assertEquals(1, mounts.size());
        assertEquals("/mnt/my disk", mounts.get(0).mountPoint());
        assertEquals("/a\\b", mounts.get(0).root());
        assertEquals("/not\\99", MountInfo.unescape("/not\\99"));
    }

    @Test
    void parsesProcCgroup() {
        List<ProcCgroup.Entry> entries = ProcCgroup.parse(HYBRID_CGROUP + "5:cpu,cpuacct:/a:b\nnonsense\n");
        assertEquals(7, entries.size());
        assertEquals(new ProcCgroup.Entry(9, List.of("name=systemd"), "/"), entries.get(0));
        assertEquals(new ProcCgroup.Entry(0, List.of(), "/"), entries.get(5));
        assertEquals(true, entries.get(5).unified());
        assertEquals(new ProcCgroup.Entry(5, List.of("cpu", "cpuacct"), "/a:b"), entries.get(6));
    }

    /** The one-line scan answers as the parser's unified entry does, on every layout here. */
    @Test
    void findsTheUnifiedPathAsTheParserDoes() {
        for (String text : List.of(HYBRID_CGROUP, HYBRID_CGROUP + "5:cpu,cpuacct:/a:b\nnonsense\n", DOCKER_V1_CGROUP,
                "0::/user.slice/user-1000.slice/session-3.scope\n", "  0::/with spaces/a:b  \n12:pids:/x", "", "\n\n")) {
            assertEquals(ProcCgroup.parse(text).stream().filter(ProcCgroup.Entry::unified).map(ProcCgroup.Entry::path)
                    .findFirst(), ProcCgroup.unifiedPath(text), text);
        }
        assertEquals(Optional.of("/"), ProcCgroup.unifiedPath(HYBRID_CGROUP));
        assertEquals(Optional.empty(), ProcCgroup.unifiedPath(DOCKER_V1_CGROUP));
    }

    @Test
    void resolvesV1DirectoriesOnAHybridHost() {
        Map<String, Path> dirs = CgroupDirs.v1(MountInfo.parse(HYBRID_MOUNTINFO), ProcCgroup.parse(HYBRID_CGROUP));
        assertEquals(Map.of(
                "cpu", Path.of("/sys/fs/cgroup/cpu"),
                "cpuacct", Path.of("/sys/fs/cgroup/cpuacct"),
                "memory", Path.of("/sys/fs/cgroup/memory/process_api/227cf1c6b0bec07801f69b08869a4f58"),
                "pids", Path.of("/sys/fs/cgroup/pids")), dirs, "name=systemd is not a controller");
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/unified")),
                CgroupDirs.v2(MountInfo.parse(HYBRID_MOUNTINFO), ProcCgroup.parse(HYBRID_CGROUP)));
    }

    @Test
    void resolvesTheV2DirectoryOnAUnifiedHost() {
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope")),
                CgroupDirs.v2(MountInfo.parse(UNIFIED_MOUNTINFO),
                        ProcCgroup.parse("0::/user.slice/user-1000.slice/session-3.scope\n")));
        assertEquals(Map.of(), CgroupDirs.v1(MountInfo.parse(UNIFIED_MOUNTINFO), ProcCgroup.parse("0::/x\n")));
    }

    @Test
    void mapsMembershipThroughAMountRootThatIsNotSlash() {
        Map<String, Path> dirs = CgroupDirs.v1(MountInfo.parse(DOCKER_V1_MOUNTINFO), ProcCgroup.parse(DOCKER_V1_CGROUP));
        assertEquals(Map.of(
                "memory", Path.of("/sys/fs/cgroup/memory/child"),
                "cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"),
                "cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"),
                "pids", Path.of("/sys/fs/cgroup/pids")), dirs);
        // a membership outside the mounted subtree is not reachable at all
        assertEquals(Map.of(), CgroupDirs.v1(MountInfo.parse(DOCKER_V1_MOUNTINFO), ProcCgroup.parse("3:pids:/elsewhere\n")));
        assertEquals(Optional.empty(), CgroupDirs.resolve(
                new MountInfo.Mount("/docker/4f2e", "/sys/fs/cgroup/pids", "cgroup", List.of("pids")), "/docker/4f2efoo"));
    }

    @Test
    void readsTheEffectiveUidNotTheRealOne() {
        assertEquals(OptionalInt.of(0), ProcStatus.effectiveUid("Name:\tjava\nUid:\t1000\t0\t0\t0\nGid:\t0\t0\t0\t0\n"));
        assertEquals(OptionalInt.of(1000), ProcStatus.effectiveUid("Uid:\t0\t1000\t1000\t1000\n"));
        assertEquals(OptionalInt.empty(), ProcStatus.effectiveUid("Name:\tjava\n"));
    }
}
