package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.linux.jni.NativeFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host-bound overlay marks go, what an image needs stays (root: trusted.* attributes). */
@Tag("root")
class OverlayMarksTest {
    @TempDir
    Path dir;

    static void setfattr(Path p, String name, String value) throws Exception {
        assertEquals(0, new ProcessBuilder("setfattr", "-h", "-n", name, "-v", value, p.toString()).inheritIO().start()
                .waitFor());
    }

    @Test
    void originsGoOpaqueMarksAndCapabilitiesStay() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("layer/etc"));
        Path motd = Files.writeString(etc.resolve("motd"), "changed\n");
        Path cache = Files.createDirectories(dir.resolve("layer/cache"));
        setfattr(etc, "trusted.overlay.origin", "0x00fb2100");
        setfattr(etc, "trusted.overlay.impure", "y");
        setfattr(motd, "trusted.overlay.origin", "0x00fb2101");
        setfattr(motd, "user.note", "kept");
        setfattr(cache, "trusted.overlay.opaque", "y");
        setfattr(cache, "user.overlay.origin", "0x01");

        OverlayMarks.strip(dir.resolve("layer"));

        assertEquals(List.of(), List.copyOf(NativeFiles.xattrs(etc).keySet()));
        assertEquals(List.of("user.note"), List.copyOf(NativeFiles.xattrs(motd).keySet()));
        assertEquals(List.of("trusted.overlay.opaque"), List.copyOf(NativeFiles.xattrs(cache).keySet()));
    }
}
