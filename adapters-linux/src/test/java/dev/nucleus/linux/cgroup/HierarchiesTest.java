package dev.nucleus.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pure hierarchy resolution on samples of the three layouts. */
class HierarchiesTest {
    /** This build machine: hybrid, v1 controllers under a tmpfs, empty cgroup2 at unified/. */
    static final String HYBRID_MOUNTINFO = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    static final String HYBRID_CGROUP = """
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/786aecde00df04ec8292b7fc948dbcc6
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    /** A systemd host with cgroup v2 only. */
    static final String UNIFIED_MOUNTINFO = """
            22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
            26 22 0:24 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
            """;
    static final String UNIFIED_CGROUP = "0::/user.slice/user-1000.slice/session-3.scope\n";

    /** A v1-only host: cpu and cpuacct co-mounted, no cgroup2 anywhere. */
    static final String V1_MOUNTINFO = """
            25 18 0:21 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
            27 25 0:23 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,cpu,cpuacct
            28 25 0:24 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,memory
            29 25 0:25 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,pids
            30 25 0:26 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,xattr,name=systemd
            """;
    static final String V1_CGROUP = """
            5:pids:/system.slice/agent.service
            3:memory:/system.slice/agent.service
            2:cpu,cpuacct:/system.slice/agent.service
            1:name=systemd:/system.slice/agent.service
            """;

    /** Inside a container with a cgroup namespace: the mount shows a subtree. */
    static final String NESTED_MOUNTINFO = """
            600 590 0:30 /kubepods/pod1/abc /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw
            """;

    @Test
    void hybridListsEachV1ControllerAndTheEmptyCgroup2() {
        List<Hierarchy> h = Hierarchies.resolve(HYBRID_MOUNTINFO, HYBRID_CGROUP);
        assertEquals(9, h.size(), h.toString());
        Hierarchy memory = h.stream().filter(x -> x.controllers().contains("memory")).findFirst().orElseThrow();
        assertEquals(new Hierarchy(false, Set.of("memory"),
                Path.of("/sys/fs/cgroup/memory/process_api/786aecde00df04ec8292b7fc948dbcc6"),
                "/process_api/786aecde00df04ec8292b7fc948dbcc6"), memory);
        assertEquals("/process_api/786aecde00df04ec8292b7fc948dbcc6/nucleus", memory.childPath("nucleus"));
        Hierarchy pids = h.stream().filter(x -> x.controllers().contains("pids")).findFirst().orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/pids"), pids.ownDir());
        assertEquals("/nucleus", pids.childPath("nucleus"));
        Hierarchy unified = h.getLast();
        assertEquals(new Hierarchy(true, Set.of(), Path.of("/sys/fs/cgroup/unified"), "/"), unified);
        assertEquals("cgroup2", unified.label());
    }

    @Test
    void unifiedOnlyHasOneHierarchy() {
        assertEquals(List.of(new Hierarchy(true, Set.of(),
                        Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope"),
                        "/user.slice/user-1000.slice/session-3.scope")),
                Hierarchies.resolve(UNIFIED_MOUNTINFO, UNIFIED_CGROUP));
    }

    @Test
    void v1OnlyGroupsCoMountedControllers() {
        List<Hierarchy> h = Hierarchies.resolve(V1_MOUNTINFO, V1_CGROUP);
        assertEquals(3, h.size(), h.toString());
        Hierarchy cpu = h.stream().filter(x -> x.controllers().contains("cpu")).findFirst().orElseThrow();
        assertEquals(Set.of("cpu", "cpuacct"), cpu.controllers());
        assertEquals("cpu,cpuacct", cpu.label());
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct/system.slice/agent.service"), cpu.ownDir());
        assertEquals(Optional.empty(), h.stream().filter(Hierarchy::unified).findFirst());
    }

    @Test
    void aMountOfASubtreeMapsTheMembershipPathIntoIt() {
        List<Hierarchy> h = Hierarchies.resolve(NESTED_MOUNTINFO, "0::/kubepods/pod1/abc/app\n");
        assertEquals(List.of(new Hierarchy(true, Set.of(), Path.of("/sys/fs/cgroup/app"), "/kubepods/pod1/abc/app")), h);
        // a membership outside the mounted subtree is not reachable: no hierarchy
        assertEquals(List.of(), Hierarchies.resolve(NESTED_MOUNTINFO, "0::/kubepods/pod2\n"));
    }

    @Test
    void noMountsNoHierarchies() {
        assertEquals(List.of(), Hierarchies.resolve("", HYBRID_CGROUP));
        assertEquals(List.of(), Hierarchies.resolve(HYBRID_MOUNTINFO, ""));
    }

    @Test
    void v2PathOfAnOperatorRoot() {
        assertEquals(Optional.of("/"), Hierarchies.v2PathOf(HYBRID_MOUNTINFO, Path.of("/sys/fs/cgroup/unified")));
        assertEquals(Optional.of("/ops"), Hierarchies.v2PathOf(HYBRID_MOUNTINFO, Path.of("/sys/fs/cgroup/unified/ops")));
        assertEquals(Optional.of("/nucleus.slice"),
                Hierarchies.v2PathOf(UNIFIED_MOUNTINFO, Path.of("/sys/fs/cgroup/nucleus.slice")));
        assertEquals(Optional.of("/kubepods/pod1/abc/x"), Hierarchies.v2PathOf(NESTED_MOUNTINFO, Path.of("/sys/fs/cgroup/x")));
        // v1 and the tmpfs above the hierarchies are not cgroup2
        assertEquals(Optional.empty(), Hierarchies.v2PathOf(HYBRID_MOUNTINFO, Path.of("/sys/fs/cgroup/memory/x")));
        assertEquals(Optional.empty(), Hierarchies.v2PathOf(HYBRID_MOUNTINFO, Path.of("/sys/fs/cgroup")));
    }

    /** The answer for the texts last resolved is given again (resolved ahead), other texts are resolved anew. */
    @Test
    void theSameTextsGiveTheAnswerAlreadyResolvedAndOthersAreResolvedAnew() {
        List<Hierarchy> first = Hierarchies.resolve(HYBRID_MOUNTINFO, HYBRID_CGROUP);
        // equal texts in other String objects, as a second read of the same files gives
        List<Hierarchy> again = Hierarchies.resolve(new String(HYBRID_MOUNTINFO), new String(HYBRID_CGROUP));
        org.junit.jupiter.api.Assertions.assertSame(first, again);
        String moved = HYBRID_CGROUP.replace("8:pids:/", "8:pids:/elsewhere");
        List<Hierarchy> changed = Hierarchies.resolve(HYBRID_MOUNTINFO, moved);
        org.junit.jupiter.api.Assertions.assertNotSame(first, changed);
        assertEquals(Path.of("/sys/fs/cgroup/pids/elsewhere"), changed.stream()
                .filter(h -> h.controllers().contains("pids")).findFirst().orElseThrow().ownDir());
        assertEquals(first, Hierarchies.resolve(HYBRID_MOUNTINFO, HYBRID_CGROUP), "and back");
    }
}
