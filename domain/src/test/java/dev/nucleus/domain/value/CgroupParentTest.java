package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
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

    /** The rules as regexes (what the hand-written checks replaced): the oracle below. */
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern CONTROL_FILE = Pattern.compile("tasks|notify_on_release|release_agent"
            + "|(cgroup|memory|memsw|cpu|cpuacct|cpuset|pids|blkio|io|devices|freezer|net_cls|net_prio|perf_event"
            + "|hugetlb|rdma|misc)\\..*");

    @Test
    void theHandWrittenChecksDecideAsTheRegexesOnRandomNames() {
        String[] pieces = {"a", "Z", "0", "_", ".", "-", "/", " ", "\n", "é", "..", "cpu", "cpuacct", "memory",
            "tasks", "io", "net_cls", "x".repeat(40)};
        Random random = new Random(20261201);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(5); k >= 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String name = b.toString();
            assertEquals(COMPONENT.matcher(name).matches(), CgroupParent.isComponent(name), name);
            if (CgroupParent.isComponent(name)) {
                assertEquals(CONTROL_FILE.matcher(name).matches(), CgroupParent.isControlFileName(name), name);
            }
        }
    }

    @Test
    void componentLengthIsOneTo64() {
        assertTrue(CgroupParent.isComponent("a".repeat(64)));
        assertTrue(!CgroupParent.isComponent("a".repeat(65)));
        assertTrue(!CgroupParent.isComponent("-a"));
        assertTrue(CgroupParent.isComponent("a-."));
    }
}
