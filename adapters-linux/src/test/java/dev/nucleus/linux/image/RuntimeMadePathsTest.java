package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.linux.image.RuntimeMadePaths.Made;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime's mount points, recorded at launch and left out of a committed layer, on a real tree. */
class RuntimeMadePathsTest {
    @TempDir
    Path dir;

    private List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aRecordIsReadBackAndADamagedOneIsNamed() throws IOException {
        List<Made> made = List.of(new Made("/proc", true), new Made("/etc/hostname", false));
        RuntimeMadePaths.write(dir, made);
        assertEquals(made, RuntimeMadePaths.read(dir));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(RuntimeMadePaths.FILE))));
        assertEquals(List.of(), RuntimeMadePaths.read(dir.resolve("none")), "a container started before the record");
        Files.writeString(dir.resolve(RuntimeMadePaths.FILE), "d /proc/../etc\n");
        IOException e = assertThrows(IOException.class, () -> RuntimeMadePaths.read(dir));
        assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Made("relative", true));
    }

    @Test
    void emptyMountPointsGoWhatTheWorkloadMadeStays() throws IOException {
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Files.createDirectories(layer.resolve("proc"));
        Files.createDirectories(layer.resolve("dev/pts"));
        Files.createDirectories(layer.resolve("opt/deep/data"));
        Files.writeString(layer.resolve("opt/deep/own"), "workload's\n");   // content in a made directory
        Files.createDirectories(layer.resolve("opt/empty"));                // the workload's own, not recorded
        Files.createDirectories(layer.resolve("etc"));
        Files.createFile(layer.resolve("etc/hostname"));                    // an empty file mount point
        Files.writeString(layer.resolve("etc/hosts"), "written\n");         // recorded, but not as made
        Files.createDirectories(layer.resolve("run"));
        Files.createFile(layer.resolve("run/secrets"));                     // recorded a directory, now a file
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/target"));
        Files.createSymbolicLink(layer.resolve("home"), dir.resolve("elsewhere"));
        List<Made> made = List.of(new Made("/proc", true), new Made("/dev", true), new Made("/dev/pts", true),
                new Made("/opt/deep", true), new Made("/opt/deep/data", true), new Made("/etc/hostname", false),
                new Made("/etc/hosts", false), new Made("/run/secrets", true), new Made("/home/target", true),
                new Made("/absent", true));
        List<String> removed = RuntimeMadePaths.prune(layer, made);
        assertEquals(List.of("/opt/deep/data", "/dev/pts", "/etc/hostname", "/dev", "/proc"), removed); // deepest first
        assertEquals(List.of("etc", "etc/hosts", "home", "opt", "opt/deep", "opt/deep/own", "opt/empty", "run",
                "run/secrets"), tree(layer));
        assertTrue(Files.isDirectory(elsewhere), "nothing is followed through a link of the layer");
    }

    /** A directory overlayfs marked opaque hides the rootfs's: it is a change, kept (root: a trusted.* mark). */
    @Test
    @Tag("root")
    void anOpaqueDirectoryIsKept() throws Exception {
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Path cache = Files.createDirectories(layer.resolve("cache"));
        OverlayMarksTest.setfattr(cache, "trusted.overlay.opaque", "y");
        assertEquals(List.of(), RuntimeMadePaths.prune(layer, List.of(new Made("/cache", true))));
        assertTrue(Files.isDirectory(cache));
    }
}
