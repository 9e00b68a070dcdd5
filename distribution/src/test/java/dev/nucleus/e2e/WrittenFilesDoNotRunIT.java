package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No file the container writes in a volume or a tmpfs can run, also where Landlock alone would let
 * it (its rights on a directory reach everything beneath it): writable mounts are noexec, and one
 * host tree bound both read-only and writable is refused.
 */
@Tag("root")
class WrittenFilesDoNotRunIT {
    /** Writes an executable script at $1, runs it, prints the exit status (126: it could not run). */
    private static final String WRITE_AND_RUN = "printf '#!/bin/sh\\necho RAN\\n' > \"$1\" && chmod +x \"$1\";"
            + " \"$1\"; echo status=$?";

    @TempDir
    Path tmp;

    /** The mount options at the script's directory, then the script's fate. */
    private static Nucleus.Result writeAndRun(String at, String... flags) {
        List<String> argv = new ArrayList<>(List.of("run"));
        argv.addAll(List.of(flags));
        argv.addAll(List.of("--", "/bin/sh", "-c",
                "awk -v p=\"${1%/*}\" '$5 == p { print $6 }' /proc/self/mountinfo; " + WRITE_AND_RUN, "sh", at));
        return Nucleus.run(argv.toArray(String[]::new));
    }

    @Test
    void aTmpfsBeneathAReadOnlyVolumeIsNoexec() throws Exception {
        Path vol = Files.createDirectories(tmp.resolve("vol/t"));
        Nucleus.Result r = writeAndRun("/data/t/x.sh", "-v", vol.getParent() + ":/data:ro", "--tmpfs", "/data/t");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("rw,nosuid,nodev,noexec"), r.toString());
        assertTrue(r.out().contains("status=126") && !r.out().contains("RAN"), r.toString());
    }

    @Test
    void aWritableVolumeBeneathAReadOnlyOneIsNoexec() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro/sub"));
        Path rw = Files.createDirectories(tmp.resolve("rw"));
        Nucleus.Result r = writeAndRun("/data/sub/x.sh", "-v", ro.getParent() + ":/data:ro", "-v", rw + ":/data/sub");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("rw,nosuid,nodev,noexec"), r.toString());
        assertTrue(r.out().contains("status=126") && !r.out().contains("RAN"), r.toString());
        assertTrue(Files.exists(rw.resolve("x.sh")), "the write itself went through");
    }

    @Test
    void oneTreeBoundReadOnlyAndWritableIsRefused() throws Exception {
        Path vol = Files.createDirectories(tmp.resolve("vol"));
        Nucleus.Result r = Nucleus.run("run", "-v", vol + ":/ro:ro", "-v", vol + ":/rw", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("bind the same host tree"), r.toString());
    }
}
