package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file system mounted inside a bound directory comes along (recursive binds), and so must the
 * bind's restrictions: a read-only remount alone changes only the top mount. Checked with the
 * mount flags the kernel reports and a write that must fail with EROFS, not merely Landlock's EACCES.
 */
@Tag("root")
class SubmountsIT {
    @TempDir
    Path tmp;
    private final List<Path> mounted = new ArrayList<>();

    private Path tmpfsAt(Path dir) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir.toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor(), "mount a tmpfs at " + dir);
        mounted.add(dir);
        return dir;
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path dir : mounted.reversed()) {
            new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
        }
    }

    /** The mount options the container sees at a path (the fourth field after the mount point). */
    private static final String OPTIONS = "awk -v p=\"$1\" '$5 == p { print $6 }' /proc/self/mountinfo";

    @Test
    void aReadOnlyVolumeAndTheContextAreReadOnlyAllTheWayDown() throws Exception {
        Path vol = Files.createDirectories(tmp.resolve("vol"));
        tmpfsAt(vol.resolve("inner"));
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("README.md"), "hello\n");
        tmpfsAt(ctx.resolve("inner"));

        Nucleus.Result r = Nucleus.run("run", "-v", vol + ":/data:ro", "--context", ctx.toString(),
                "--context-mode", "bind", "--", "/bin/sh", "-c",
                "opts() { " + OPTIONS + "; }; opts /data/inner; opts /context/inner;"
                        + " (echo x > /data/inner/w) || true; (echo x > /context/inner/w) || true");
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith("ro,nosuid,nodev"), "/data/inner: " + r.out());
        assertTrue(lines[1].startsWith("ro,nosuid,nodev,noexec"), "/context/inner: " + r.out());
        assertTrue(r.err().contains("/data/inner/w: Read-only file system"), r.toString());
        assertTrue(r.err().contains("/context/inner/w: Read-only file system"), r.toString());
        assertFalse(Files.exists(vol.resolve("inner/w")));
        assertFalse(Files.exists(ctx.resolve("inner/w")));
    }

    @Test
    void aWritableVolumeKeepsItsSubmountWritableButNotSuid() throws Exception {
        Path vol = Files.createDirectories(tmp.resolve("vol"));
        tmpfsAt(vol.resolve("inner"));

        Nucleus.Result r = Nucleus.run("run", "-v", vol + ":/data", "--", "/bin/sh", "-c",
                "awk '$5 == \"/data/inner\" { print $6 }' /proc/self/mountinfo; echo written > /data/inner/w");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("rw,nosuid,nodev"), r.out());
        assertEquals("written\n", Files.readString(vol.resolve("inner/w")));
    }
}
