package dev.nucleus.gvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.spec.GvisorPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunscTest {
    private static final String DEFAULT_PARENT = dev.nucleus.domain.value.CgroupParent.DEFAULT.path();
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
        assertEquals("nucleus/abc", CallerCgroup.configPath("9:pids:/\n4:memory:/job/7\n0::/\n", DEFAULT_PARENT, "abc"));
        assertEquals("nucleus/abc", CallerCgroup.configPath("1:name=systemd:/s\n0::/u\n", DEFAULT_PARENT, "abc"));
        // v2 alone: runsc would put a relative path beside our cgroup, so it gets the absolute one beneath it
        assertEquals("/user.slice/u.scope/nucleus/abc",
                CallerCgroup.configPath("0::/user.slice/u.scope\n", DEFAULT_PARENT, "abc"));
        assertEquals("/nucleus/abc", CallerCgroup.configPath("0::/\n", DEFAULT_PARENT, "abc"));
        assertEquals("agents/t1/abc", CallerCgroup.configPath("4:memory:/job/7\n0::/\n", "agents/t1", "abc"));
        assertEquals("/u/agents/t1/abc", CallerCgroup.configPath("0::/u\n", "agents/t1", "abc"));
    }

    /** A stand-in runsc that prints a version line and counts its runs in {@code runs}. */
    private static Path fakeRunsc(Path dir, String release) throws Exception {
        Path next = dir.resolve("runsc.new");
        Files.writeString(next, "#!/bin/sh\necho x >> '" + dir.resolve("runs") + "'\necho 'runsc version release-"
                + release + ".0'\n");
        Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rwx------"));
        // Installed as a package manager does: a new file renamed over the old one (a new inode).
        return Files.move(next, dir.resolve("runsc"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static long runs(Path dir) throws Exception {
        return Files.exists(dir.resolve("runs")) ? Files.readAllLines(dir.resolve("runs")).size() : 0;
    }

    @Test
    void thePlatformIsProbedOncePerRunscBinary(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("state/gvisor/platform");
        Runsc runsc = Runsc.at(fakeRunsc(dir, "20240729"));
        assertEquals(GvisorPlatform.SYSTRAP, runsc.platform(Optional.empty(), cache));
        assertEquals(GvisorPlatform.SYSTRAP, runsc.platform(Optional.empty(), cache));
        assertEquals(1, runs(dir), "probed once, then read from the cache");
        assertEquals(2, Files.readAllLines(cache).size(), "the platform and the binary's identity");

        Runsc downgraded = Runsc.at(fakeRunsc(dir, "20221219")); // replaced: another inode
        assertEquals(GvisorPlatform.PTRACE, downgraded.platform(Optional.empty(), cache),
                "an older runsc is not given the platform the newer one had");
        assertEquals(2, runs(dir));
        assertEquals(GvisorPlatform.KVM, downgraded.platform(Optional.of(GvisorPlatform.KVM), cache), "asked wins");
        assertEquals(2, runs(dir));
    }

    @Test
    void aCacheFromAnOlderReleaseOfNucleusOrGarbageIsProbedAgain(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("platform");
        Files.writeString(cache, "SYSTRAP\n"); // the one-line format, with no identity
        assertEquals(GvisorPlatform.PTRACE, Runsc.at(fakeRunsc(dir, "20221219")).platform(Optional.empty(), cache));
        Files.writeString(cache, "NOPE\n" + Runsc.identity(dir.resolve("runsc")) + "\n");
        assertEquals(GvisorPlatform.PTRACE, Runsc.at(dir.resolve("runsc")).platform(Optional.empty(), cache));
        assertEquals(2, runs(dir));
    }
}
