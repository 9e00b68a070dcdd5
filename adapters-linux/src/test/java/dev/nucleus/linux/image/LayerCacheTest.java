package dev.nucleus.linux.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared cache of verified layers, on real files (root: entries keep owners and trusted.* marks). */
@Tag("root")
class LayerCacheTest {
    @TempDir
    Path dir;

    Path state;
    Path layer;
    String digest;
    LayerCache cache;

    @BeforeEach
    void aLayerAndAStateBase() throws Exception {
        state = Files.createDirectory(dir.resolve("state"));
        layer = Files.createDirectory(dir.resolve("diff"));
        Files.writeString(layer.resolve("tool"), "v2");
        Files.createDirectory(layer.resolve("etc"));
        Files.writeString(layer.resolve("etc").resolve("conf"), "on");
        run("chown", "1000:50", layer.resolve("tool").toString());
        digest = LayerDigest.of(layer).digest();
        cache = new LayerCache(state);
    }

    static void run(String... argv) throws Exception {
        assertEquals(0, new ProcessBuilder(argv).inheritIO().start().waitFor(), String.join(" ", argv));
    }

    Path reference(String container) throws Exception {
        return Files.createDirectories(state.resolve(container).resolve("rootfs-overlay")).resolve(LayerCache.REFERENCE);
    }

    @Test
    void theFirstStartFillsTheEntryAndLaterOnesNeitherCopyNorReadTheImage() throws Exception {
        Path entry = cache.acquire(digest, layer, reference("a"));

        assertEquals(state.resolve(".cache/layers").resolve(digest), entry);
        assertEquals(digest, LayerDigest.of(entry).digest(), "the entry is the layer, owners included");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.getParent())));
        assertEquals(digest + "\n", Files.readString(reference("a")));
        Object inode = Files.getAttribute(entry.resolve("tool"), "unix:ino");

        LayerCopy.remove(layer); // a hit never reads the image's layer again
        Path again = cache.acquire(digest, layer, reference("b"));

        assertEquals(entry, again);
        assertEquals(inode, Files.getAttribute(again.resolve("tool"), "unix:ino"), "the same files, not a new copy");
        assertEquals(digest + "\n", Files.readString(reference("b")));
    }

    /**
     * An opaque directory is marked for user namespaces' overlays too (they read user.* marks
     * alone), after the digest was checked; and a digest leads back to its entry.
     */
    @Test
    void opaqueDirectoriesAreMarkedForUserNamespacesAndDigestsLeadToTheEntry() throws Exception {
        Path opaque = Files.createDirectory(layer.resolve("cache"));
        run("setfattr", "-n", "trusted.overlay.opaque", "-v", "y", opaque.toString());
        String marked = LayerDigest.of(layer).digest();

        Path entry = cache.acquire(marked, layer, reference("a"));

        assertEquals("y", new String(dev.nucleus.linux.jni.NativeFiles.xattrs(entry.resolve("cache"))
                .get("user.overlay.opaque")));
        assertEquals("y", new String(dev.nucleus.linux.jni.NativeFiles.xattrs(entry.resolve("cache"))
                .get("trusted.overlay.opaque")));
        assertEquals(entry, cache.entry(marked));
        assertThrows(java.io.IOException.class, () -> cache.entry("0".repeat(64)), "no such entry");
    }

    @Test
    void aLayerChangedAfterItsVerificationIsRefusedAndNothingIsKept() throws Exception {
        Files.writeString(layer.resolve("tool"), "evil");

        String message = assertThrows(ImageRefusedException.class, () -> cache.acquire(digest, layer, reference("a")))
                .getMessage();

        assertTrue(message.endsWith("its signed manifest says " + digest + ": the image changed after it was verified"),
                message);
        try (var left = Files.list(cache.directory())) {
            assertEquals(List.of(".lock"), left.map(p -> p.getFileName().toString()).toList(),
                    "no entry and no partial copy");
        }
        assertFalse(Files.exists(reference("a")), "the container names no entry");
    }

    @Test
    void pruneRemovesWhatNoContainerNamesAndCrashedCopies() throws Exception {
        Path used = cache.acquire(digest, layer, reference("kept"));
        Files.writeString(layer.resolve("tool"), "v3");
        String other = LayerDigest.of(layer).digest();
        Path unused = cache.acquire(other, layer, reference("gone"));
        LayerCopy.remove(state.resolve("gone")); // that container was removed
        Path crashed = Files.createDirectory(cache.directory().resolve(".partial-" + "0".repeat(64)));

        assertEquals(List.of(other), cache.prune());

        assertTrue(Files.isDirectory(used), "a kept container mounts its entry again at its next start");
        assertFalse(Files.exists(unused));
        assertFalse(Files.exists(crashed));
        assertEquals(List.of(), cache.prune());
    }

    @Test
    void concurrentFirstStartsMakeOneEntry() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String container = "c" + i;
                Callable<Path> start = () -> cache.acquire(digest, layer, reference(container));
                starts.add(pool.submit(start));
            }
            for (Future<Path> start : starts) {
                assertEquals(cache.directory().resolve(digest), start.get());
            }
        } finally {
            pool.shutdown();
        }
        try (var left = Files.list(cache.directory())) {
            assertEquals(List.of(".lock", digest), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCacheOthersCanReachIsRefused() throws Exception {
        cache.acquire(digest, layer, reference("a"));
        Files.setPosixFilePermissions(cache.directory(), PosixFilePermissions.fromString("rwxr-xr-x"));

        String message = assertThrows(java.io.IOException.class, () -> cache.acquire(digest, layer, reference("b")))
                .getMessage();

        assertEquals("the layer cache " + cache.directory() + " is not root's 0700 directory: its entries are run as"
                + " verified, so nobody but root may reach them; remove it", message);
        assertFalse(Files.exists(reference("b"), LinkOption.NOFOLLOW_LINKS));
    }
}
