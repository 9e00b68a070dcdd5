package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.spec.GvisorPlatform;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunscTest {
    @Test
    void theReleaseDateIsReadFromTheVersionLine() {
        assertEquals(Optional.of(20240729L), Runsc.releaseDate("runsc version 0.0~20240729.0\nspec: 1.0.2-dev\n"));
        assertEquals(Optional.of(20221219L), Runsc.releaseDate("runsc version release-20221219.0\nspec: 1.0.2\n"));
        assertEquals(Optional.empty(), Runsc.releaseDate("runsc version dev\n"));
    }

    @Test
    void systrapFromItsFirstReleaseOnElsePtrace() {
        assertEquals(GvisorPlatform.SYSTRAP, Runsc.bestPlatform(Optional.of(20240729L)));
        assertEquals(GvisorPlatform.SYSTRAP, Runsc.bestPlatform(Optional.of(Runsc.SYSTRAP_SINCE)));
        assertEquals(GvisorPlatform.PTRACE, Runsc.bestPlatform(Optional.of(20221219L)));
        assertEquals(GvisorPlatform.PTRACE, Runsc.bestPlatform(Optional.empty()));
    }

    @Test
    void theCallersCgroupIsTheMemoryHierarchysOnV1AndTheUnifiedOneOnV2() {
        assertEquals("/user.slice/x/", CallerCgroup.of("12:pids:/a\n9:memory:/user.slice/x\n0::/u\n"));
        assertEquals("/u/", CallerCgroup.of("0::/u\n"));
        assertEquals("/", CallerCgroup.of("0::/\n"));
        assertEquals("/m/", CallerCgroup.of("4:cpu,cpuacct:/c\n5:memory,hugetlb:/m\n"));
    }

    @Test
    void runscIsGivenARelativeCgroupOnV1AndAnAbsoluteOneBeneathOursOnV2Alone() {
        // v1 (here: hybrid): runsc makes nucleus/<id> beneath its own cgroup in each hierarchy
        assertEquals("nucleus/abc", CallerCgroup.configPath("9:pids:/\n4:memory:/job/7\n0::/\n", "abc"));
        assertEquals("nucleus/abc", CallerCgroup.configPath("1:name=systemd:/s\n0::/u\n", "abc"));
        // v2 alone: runsc would put a relative path beside our cgroup, so it gets the absolute one beneath it
        assertEquals("/user.slice/u.scope/nucleus/abc", CallerCgroup.configPath("0::/user.slice/u.scope\n", "abc"));
        assertEquals("/nucleus/abc", CallerCgroup.configPath("0::/\n", "abc"));
    }
}
