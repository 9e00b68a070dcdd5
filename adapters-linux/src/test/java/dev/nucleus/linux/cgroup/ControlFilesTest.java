package dev.nucleus.linux.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.ports.CgroupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The no-follow writer on a fake cgroup tree in a tmp directory: the writer is told to accept
 * the tmp directory's file system, so only the checks that do not depend on cgroupfs are in play
 * (and one test shows the production writer refusing the same tree).
 */
class ControlFilesTest {
    @TempDir
    Path tmp;
    Path cg;
    ControlFiles fake;

    @BeforeEach
    void tree() throws IOException {
        cg = Files.createDirectory(tmp.resolve("nucleus-x"));
        Files.writeString(cg.resolve("memory.max"), "max\n");
        fake = new ControlFiles(Set.of(Files.getFileStore(tmp).type()));
    }

    @Test
    void writesAndReadsAnExistingControlFile() throws Exception {
        fake.write(cg, "memory.max", "1048576");
        assertEquals("1048576", Files.readString(cg.resolve("memory.max")));
        assertEquals("1048576", fake.read(cg, "memory.max"));
        assertTrue(fake.exists(cg, "memory.max"));
    }

    @Test
    void refusesASymlinkAtAControlFileAndLeavesItsTargetAlone() throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim"), "untouched");
        Files.createSymbolicLink(cg.resolve("pids.max"), victim);
        CgroupException e = assertThrows(CgroupException.class, () -> fake.write(cg, "pids.max", "32"));
        assertTrue(e.getMessage().contains(cg.resolve("pids.max").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("symlink"), e.getMessage());
        assertEquals("untouched", Files.readString(victim));
        assertThrows(CgroupException.class, () -> fake.read(cg, "pids.max"));
    }

    @Test
    void aDanglingSymlinkIsNotFollowedToCreateItsTarget() throws Exception {
        Path target = tmp.resolve("created-through-link");
        Files.createSymbolicLink(cg.resolve("cpu.max"), target);
        assertThrows(CgroupException.class, () -> fake.write(cg, "cpu.max", "50000 100000"));
        assertFalse(Files.exists(target));
    }

    @Test
    void neverCreatesAMissingControlFile() {
        CgroupException e = assertThrows(CgroupException.class, () -> fake.write(cg, "io.max", "8:0 rbps=1"));
        assertEquals("write " + cg.resolve("io.max") + " = \"8:0 rbps=1\": No such file or directory (ENOENT)", e.getMessage());
        assertFalse(Files.exists(cg.resolve("io.max")));
        assertFalse(fake.exists(cg, "io.max"));
    }

    @Test
    void refusesADirectoryOrFifoWhereAControlFileBelongs() throws Exception {
        Files.createDirectory(cg.resolve("cgroup.procs"));
        CgroupException e = assertThrows(CgroupException.class, () -> fake.write(cg, "cgroup.procs", "1"));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void theProductionWriterRefusesARegularFileThatIsNotOnCgroupfs() throws Exception {
        CgroupException e = assertThrows(CgroupException.class, () -> ControlFiles.CGROUPFS.write(cg, "memory.max", "1"));
        assertTrue(e.getMessage().contains("refusing a file on a " + Files.getFileStore(tmp).type() + " file system"),
                e.getMessage());
        assertEquals("max\n", Files.readString(cg.resolve("memory.max")));
        assertThrows(CgroupException.class, () -> ControlFiles.CGROUPFS.verifyDirectory(cg));
    }

    @Test
    void verifyDirectoryRefusesASymlinkedDirectory() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("nucleus"), cg);
        CgroupException e = assertThrows(CgroupException.class, () -> fake.verifyDirectory(link));
        assertTrue(e.getMessage().contains("a symlink"), e.getMessage());
        fake.verifyDirectory(cg);
    }

    @Test
    void controlNamesAreOneComponent() {
        assertThrows(IllegalArgumentException.class, () -> fake.write(cg, "../x", "1"));
        assertThrows(IllegalArgumentException.class, () -> fake.write(cg, "..", "1"));
        assertThrows(IllegalArgumentException.class, () -> fake.read(cg, ""));
    }
}
