package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real overlay on this host (root): what is made in the view lands in its upper layer, never in the tree. */
@Tag("root")
class OverlayViewTest {
    @TempDir
    Path tmp;

    @Test
    void whatIsMadeInTheViewStaysOutOfTheTree() throws Exception {
        Path lower = Files.createDirectories(tmp.resolve("a tree: with, odd\\names")); // taken whole, unescaped
        Files.writeString(lower.resolve("kept"), "k");
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path view = Files.createDirectories(tmp.resolve("view"));
        OverlayView.mount(lower, upper, work, view);
        try {
            assertEquals("k", Files.readString(view.resolve("kept")));
            Files.createDirectories(view.resolve("run/secrets"));
            Files.writeString(view.resolve("run/secrets/s"), "");
            assertTrue(Files.exists(upper.resolve("run/secrets/s")), "in the upper layer");
            assertFalse(Files.exists(lower.resolve("run")), "never in the tree");
        } finally {
            OverlayView.unmount(view);
        }
        assertFalse(Files.exists(view.resolve("kept")), "detached");
        OverlayView.unmount(view); // nothing mounted: no error
    }

    @Test
    void aViewThatCannotBeMadeSaysWhy() {
        IOException e = assertThrows(IOException.class, () -> OverlayView.mount(tmp.resolve("missing"),
                tmp, tmp, tmp));
        assertTrue(e.getMessage().startsWith("cannot make a private view of " + tmp.resolve("missing") + ": fsconfig"),
                e.getMessage());
    }
}
