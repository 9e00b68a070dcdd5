package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupParentTest {
    @Test
    void relativePlainPathsAreAccepted() throws Exception {
        assertEquals("agents", CgroupParent.parse("agents").path());
        assertEquals("agents/team-1/a.b_c", CgroupParent.parse("agents/team-1/a.b_c").path());
        assertEquals("nucleus", CgroupParent.DEFAULT.path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/sys/fs/cgroup/x", "../escape", "a/../b", "a//b", "a/", ".", "a/./b", ".hidden",
            "a b", "a/b/c/d/e/f/g/h/i", "x\0y"})
    void anythingThatCouldLeaveTheCallersSubtreeIsRefused(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CgroupParent.parse(text));
        assertTrue(!e.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasks", "a/cgroup.procs", "memory.limit_in_bytes", "agents/pids.max", "release_agent"})
    void controlFileNamesAreRefused(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> CgroupParent.parse(text));
        assertTrue(e.getMessage().endsWith("is the name of a cgroup control file, not a place for cgroups; choose"
                + " another name"), e.getMessage());
    }

    @Test
    void namesThatMerelyLookLikeControlFilesAreAccepted() throws Exception {
        assertEquals("memory-heavy/cpu", CgroupParent.parse("memory-heavy/cpu").path());
        assertEquals("my.tasks", CgroupParent.parse("my.tasks").path());
    }
}
