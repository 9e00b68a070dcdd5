package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Where runsc leaves a sandbox's cgroups, and that a launch removes them. */
class SandboxCgroupsTest {
    private static final String DEFAULT_PARENT = dev.nucleus.domain.value.CgroupParent.DEFAULT.path();
    private static final String ID = "0123456789abcdef0123456789abcdef";

    /** This project's test VM: hybrid, the memory hierarchy nested under the job's cgroup. */
    private static final String HYBRID_CGROUP = """
            9:name=systemd:/
            4:memory:/process_api/554e
            2:cpu,cpuacct:/
            0::/
            """;
    private static final String HYBRID_MOUNTS = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    @Test
    void onAHybridHostEveryHierarchyBeneathThisProcesssCgroup() {
        assertEquals(List.of(
                Path.of("/sys/fs/cgroup/systemd/nucleus/" + ID),
                Path.of("/sys/fs/cgroup/memory/process_api/554e/nucleus/" + ID),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/nucleus/" + ID),
                Path.of("/sys/fs/cgroup/unified/nucleus/" + ID)),
                SandboxCgroups.directories(HYBRID_CGROUP, HYBRID_MOUNTS, DEFAULT_PARENT, ID));
    }

    /** What stats reads: runsc's v1 code on a hybrid host makes nothing in the unified hierarchy. */
    @Test
    void observedOnAHybridHostAreTheV1HierarchiesByTheirControllers() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("name=systemd", "/sys/fs/cgroup/systemd/nucleus/" + ID);
        expected.put("memory", "/sys/fs/cgroup/memory/process_api/554e/nucleus/" + ID);
        expected.put("cpu,cpuacct", "/sys/fs/cgroup/cpu,cpuacct/nucleus/" + ID);
        assertEquals(expected, SandboxCgroups.observed(HYBRID_CGROUP, HYBRID_MOUNTS, DEFAULT_PARENT, ID));
    }

    @Test
    void observedOnCgroupV2AloneIsTheUnifiedDirectory() {
        String mounts = "50 40 0:40 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n";
        assertEquals(Map.of("cgroup2", "/sys/fs/cgroup/user.slice/s/nucleus/" + ID),
                SandboxCgroups.observed("0::/user.slice/s\n", mounts, DEFAULT_PARENT, ID));
        assertEquals(Map.of(), SandboxCgroups.observed("0::/elsewhere\n",
                "50 40 0:40 /jobs /sys/fs/cgroup ro - cgroup2 cgroup2 rw\n", DEFAULT_PARENT, ID));
    }

    @Test
    void aCgroupNamespaceMountsTheCallersCgroupAsItsRoot() {
        String cgroup = "0::/jobs/agent-7\n";
        String mounts = "50 40 0:40 /jobs /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw\n";
        assertEquals(List.of(Path.of("/sys/fs/cgroup/agent-7/nucleus/" + ID)),
                SandboxCgroups.directories(cgroup, mounts, DEFAULT_PARENT, ID));
        assertEquals(List.of(), SandboxCgroups.directories("0::/elsewhere\n", mounts, DEFAULT_PARENT, ID),
                "a cgroup outside the mount's root has no directory here");
    }

    @Test
    void anEscapedMountPointIsReadBack() {
        String mounts = "41 31 0:38 / /sys/fs/my\\040cgroup rw - cgroup2 cgroup2 rw\n";
        assertEquals(List.of(Path.of("/sys/fs/my cgroup/x/nucleus/" + ID)),
                SandboxCgroups.directories("0::/x\n", mounts, DEFAULT_PARENT, ID));
    }

    @Test
    void aHierarchyThatIsNotMountedIsSkipped() {
        assertEquals(List.of(), SandboxCgroups.directories("3:blkio:/\n", HYBRID_MOUNTS, DEFAULT_PARENT, ID));
    }

    @Test
    void onlyAContainerIdIsEverJoinedToAPath() {
        assertThrows(IllegalArgumentException.class,
                () -> SandboxCgroups.directories(HYBRID_CGROUP, HYBRID_MOUNTS, DEFAULT_PARENT, "../x"));
    }

    /** The kernel's cgroups, as runsc leaves them: made in every hierarchy of this process, then removed. */
    @Test
    @Tag("root")
    void theLeftoversRunscMakesAreRemovedAndNothingElse() throws Exception {
        List<Path> dirs = SandboxCgroups.directories(Files.readString(Path.of("/proc/self/cgroup")),
                Files.readString(Path.of("/proc/self/mountinfo")), DEFAULT_PARENT, ID);
        assertFalse(dirs.isEmpty(), "this host has cgroups mounted");
        List<Path> made = new ArrayList<>();
        List<Path> parents = new ArrayList<>();
        try {
            for (Path dir : dirs) {
                if (!Files.isDirectory(dir.getParent())) {
                    Files.createDirectory(dir.getParent());
                    parents.add(dir.getParent());
                }
                Files.createDirectory(dir);
                made.add(dir);
            }
            SandboxCgroups.removeLeftovers("nucleus", ID);
            for (Path dir : made) {
                assertFalse(Files.exists(dir), dir + " is removed");
                assertTrue(Files.isDirectory(dir.getParent()), "the shared nucleus/ parent stays: " + dir.getParent());
            }
        } finally {
            for (Path dir : made) {
                Files.deleteIfExists(dir);
            }
            for (Path parent : parents) {
                Files.deleteIfExists(parent);
            }
        }
    }
}
