package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code nucleus image}: an overlay container's layer committed as a signed image, run again,
 * inspected and loaded; and every way an image, key or container can be wrong, refused with
 * exit 2 and nothing left behind.
 */
@Tag("root")
class ImageIT {
    /** Idempotent, so that the image's own command can run it again: it changes the rootfs once, then reports. */
    private static final String SETUP = "[ -f /var/lib/app/data ] || { echo changed > /etc/motd; rm /etc/remove-me;"
            + " rm -rf /opt/cache; mkdir /opt/cache; echo new > /opt/cache/b; echo data > /var/lib/app/data; };"
            + " cat /var/lib/app/data; pwd; echo $GREETING";

    Path rootfs;
    Path root;
    Path key;
    Path images;

    @BeforeEach
    void attestedRootfsAndKey() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-image-rootfs");
        Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("var/lib/app"));
        Files.createDirectories(rootfs.resolve("opt/cache"));
        Files.writeString(rootfs.resolve("etc/motd"), "as built\n");
        Files.writeString(rootfs.resolve("etc/remove-me"), "gone\n");
        Files.writeString(rootfs.resolve("opt/cache/a"), "old\n");
        Nucleus.Result attest = Nucleus.run("rootfs", "attest", rootfs.toString());
        assertEquals(0, attest.exit(), attest.toString());
        root = Nucleus.tempDir("nucleus-image-state");
        images = Nucleus.tempDir("nucleus-images");
        key = images.resolve("image.key");
        Files.write(key, "0123456789abcdef0123456789abcdef".getBytes());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    Nucleus.Result nucleus(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        return Nucleus.run(all.toArray(String[]::new));
    }

    /** A stopped overlay container (kept) that made its changes, committed to images/NAME. */
    Path committed(String name) throws IOException {
        Nucleus.Result made = nucleus("run", "--keep", "--name", name, "--rootfs", rootfs.toString(), "--rootfs-mode",
                "overlay", "-e", "GREETING=hello", "--workdir", "/var/lib/app", "--", "/bin/sh", "-c", SETUP);
        assertEquals(0, made.exit(), made.toString());
        assertEquals("data\n/var/lib/app\nhello\n", made.out(), made.toString());
        Path image = images.resolve(name);
        Nucleus.Result commit = nucleus("image", "commit", name, "-o", image.toString(), "--image-key-file",
                key.toString());
        assertEquals(0, commit.exit(), commit.toString());
        assertTrue(commit.out().strip().matches("[0-9a-f]{64}"), commit.toString());
        assertEquals(0, nucleus("rm", name).exit());
        return image;
    }

    List<String> containerDirectories() throws IOException {
        try (Stream<Path> left = Files.list(root)) {
            return left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.equals("names"))
                    .toList();
        }
    }

    List<String> leftBeside(Path dir) throws IOException {
        try (Stream<Path> left = Files.list(dir)) {
            return left.map(p -> p.getFileName().toString()).filter(n -> n.contains(".partial-")).toList();
        }
    }

    @Test
    void aCommittedLayerRunsAgainWithWhatTheContainerRan() throws Exception {
        Path image = committed("web");
        String manifest = Files.readString(image.resolve("manifest.json"));
        assertTrue(manifest.contains("\"deleted_paths\":[\"/etc/remove-me\"]"), manifest);
        assertTrue(manifest.contains("\"opaque_paths\":[\"/opt/cache\"]"), manifest);
        assertTrue(manifest.contains("\"env\":[\"GREETING=hello\"]"), manifest);
        assertTrue(manifest.contains("\"rootfs_path\":\"" + rootfs.toRealPath() + "\""), manifest);
        assertEquals(List.of("diff", "image.sig", "manifest.json", "rootfs.sha256", "store-paths"),
                Files.list(image).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals(Files.readString(rootfs.resolve(".nucleus-rootfs-sha256")),
                Files.readString(image.resolve("rootfs.sha256")));
        Nucleus.Result marks = Nucleus.exec(List.of("getfattr", "-R", "-h", "-d", "-m", "-", image.resolve("diff")
                .toString()));
        assertTrue(marks.out().contains("trusted.overlay.opaque=\"y\"") && !marks.out().contains("overlay.origin")
                && !marks.out().contains("overlay.impure"), "the opaque mark stays, host-bound marks go: " + marks);

        // Its own command, environment and working directory, over the layer: nothing to set up again.
        Nucleus.Result again = nucleus("image", "run", image.toString(), "--image-key-file", key.toString());
        assertEquals(0, again.exit(), again.toString());
        assertEquals("data\n/var/lib/app\nhello\n", again.out(), again.toString());

        Nucleus.Result look = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--",
                "/bin/sh", "-c", "cat /etc/motd; ls /etc; ls /opt/cache; echo more >> /var/lib/app/data;"
                        + " cat /var/lib/app/data; cat /proc/self/status | busybox grep ^CapEff");
        assertEquals(0, look.exit(), look.toString());
        assertEquals("changed\nmotd\nb\ndata\nmore\nCapEff:\t0000000000000000\n", look.out(),
                "the change, the deletion, the opaque directory; writes go to the run's own layer: " + look);
        assertEquals("data\n", Files.readString(image.resolve("diff/var/lib/app/data")), "the image is never written");
        assertEquals("as built\n", Files.readString(rootfs.resolve("etc/motd")), "nor is the rootfs");
        assertEquals(List.of(), containerDirectories(), "each run's reference to the cached layer went with it");

        Nucleus.Result inspect = nucleus("image", "inspect", image.toString(), "--image-key-file", key.toString());
        assertEquals(0, inspect.exit(), inspect.toString());
        assertEquals(manifest + "\n", inspect.out());
        Nucleus.Result load = Nucleus.exec(List.of("env", "NUCLEUS_IMAGE_HMAC_KEY_FILE=" + key, Nucleus.BIN.toString(),
                "image", "load", image.toString()));
        assertEquals(0, load.exit(), load.toString());
        assertEquals("verified\n", load.out());
    }

    /**
     * The mount points the runtime made in the layer (/proc, /dev and its nodes, /sys, /tmp, the
     * home, /context, a volume's /opt/deep/data and the /opt/deep it needed) are not the workload's
     * changes: the image holds what the workload made (a file, an empty directory of its own, a
     * file it put in the directory the runtime made, which stays with it), and none of them.
     */
    @Test
    void theRuntimesMountPointsAreNotInTheImage() throws Exception {
        Path context = Files.createDirectories(images.resolve("context"));
        Files.writeString(context.resolve("task"), "task\n");
        Path data = Files.createDirectories(images.resolve("data"));
        Nucleus.Result made = nucleus("run", "--keep", "--name", "mounts", "--rootfs", rootfs.toString(),
                "--rootfs-mode", "overlay", "--context", context.toString(), "-v", data + ":/opt/deep/data", "--",
                "/bin/sh", "-c", "echo out > /opt/result; mkdir /opt/empty; echo own > /opt/deep/own;"
                        + " cat /context/task");
        assertEquals(0, made.exit(), made.toString());
        assertEquals("task\n", made.out(), made.toString());
        Path image = images.resolve("mounts-image");
        Nucleus.Result commit = nucleus("image", "commit", "mounts", "-o", image.toString(), "--image-key-file",
                key.toString());
        assertEquals(0, commit.exit(), commit.toString());
        assertEquals(0, nucleus("rm", "mounts").exit());
        Path diff = image.resolve("diff");
        List<String> entries;
        try (Stream<Path> walk = Files.walk(diff)) {
            entries = walk.filter(p -> !p.equals(diff)).map(p -> diff.relativize(p).toString()).sorted().toList();
        }
        assertEquals(List.of("opt", "opt/deep", "opt/deep/own", "opt/empty", "opt/result"), entries);
        assertEquals("out\n", Files.readString(diff.resolve("opt/result")));

        Nucleus.Result again = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--",
                "/bin/sh", "-c", "cat /opt/result /opt/deep/own; ls -d /opt/empty /proc/self");
        assertEquals(0, again.exit(), again.toString());
        assertEquals("out\nown\n/opt/empty\n/proc/self\n", again.out(), "the runtime makes its mount points again: "
                + again);
    }

    /**
     * Strict-agent remaps root to host uid 100000: the run mounts the cache's one copy of the
     * layer through a mount idmapped by its maps (opaque marks in user.* for a userxattr overlay),
     * so the image shows as in agent mode, owned by container root; nothing is copied for it.
     */
    @Test
    void aStrictAgentRunSeesTheImageAsItsOwn() throws Exception {
        Path image = committed("strict");
        Nucleus.Result r = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(),
                "--service-mode", "strict-agent", "--", "/bin/sh", "-c", "cat /etc/motd; ls /etc; ls /opt/cache;"
                        + " busybox stat -c '%u:%g' /var/lib/app/data; echo more >> /var/lib/app/data;"
                        + " cat /var/lib/app/data; busybox cat /proc/self/uid_map");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("changed\nmotd\nb\n0:0\ndata\nmore\n"), r.toString());
        assertTrue(r.out().strip().endsWith("0     100000      65536"), "remapped: " + r);
        assertEquals("data\n", Files.readString(image.resolve("diff/var/lib/app/data")), "the image is never written");
        assertEquals(0, ((Number) Files.getAttribute(image.resolve("diff/var/lib/app/data"), "unix:uid")).intValue(),
                "the image keeps its owners");
        String digest = Files.readString(image.resolve("manifest.json")).replaceAll(".*\"digest\":\"([0-9a-f]{64})\".*",
                "$1").strip();
        Path entry = root.resolve(".cache/layers").resolve(digest);
        assertEquals(0, ((Number) Files.getAttribute(entry.resolve("var/lib/app/data"), "unix:uid")).intValue(),
                "so does the cache's copy: the namespace sees it through an idmapped mount");
        Nucleus.Result agent = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--",
                "/bin/sh", "-c", "ls /opt/cache; busybox stat -c '%u:%g' /var/lib/app/data");
        assertEquals("b\n0:0\n", agent.out(), "the same entry serves agent mode: " + agent);
        try (Stream<Path> entries = Files.list(entry.getParent())) {
            assertEquals(List.of(".lock", digest), entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(List.of(), containerDirectories());
    }

    /**
     * The layer is copied and digested once, at the first run, into the state directory's cache;
     * later runs mount that verified entry, whatever became of the image's directory since, and
     * {@code image prune} removes it only when no container directory names it.
     */
    @Test
    void runsShareOneVerifiedCopyOfTheLayerUntilPruned() throws Exception {
        Path image = committed("shared");
        String digest = Files.readString(image.resolve("manifest.json")).replaceAll(".*\"digest\":\"([0-9a-f]{64})\".*",
                "$1").strip();
        Path entry = root.resolve(".cache/layers").resolve(digest);

        assertEquals(0, runImage(image).exit());
        assertTrue(Files.isDirectory(entry), "the first run filled the cache");
        Object inode = Files.getAttribute(entry.resolve("etc/motd"), "unix:ino");
        Nucleus.Result kept = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--keep",
                "--name", "k", "--", "/bin/sh", "-c", "cat /etc/motd");
        assertEquals("changed\n", kept.out(), kept.toString());
        assertEquals(inode, Files.getAttribute(entry.resolve("etc/motd"), "unix:ino"), "the same entry, not a new copy");

        // The image's layer is not read again: what runs is the content its signature covers.
        Files.writeString(image.resolve("diff/etc/motd"), "evil\n");
        Nucleus.Result later = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--",
                "/bin/sh", "-c", "cat /etc/motd");
        assertEquals("changed\n", later.out(), later.toString());

        Nucleus.Result busy = nucleus("image", "prune");
        assertEquals(0, busy.exit(), busy.toString());
        assertEquals("", busy.out(), "the kept container still names the entry");
        assertTrue(Files.isDirectory(entry));
        assertEquals(0, nucleus("rm", "k").exit());
        Nucleus.Result pruned = nucleus("image", "prune");
        assertEquals(digest + "\n", pruned.out(), pruned.toString());
        assertEquals(List.of(".lock"), Files.list(entry.getParent()).map(p -> p.getFileName().toString()).toList());

        // Emptied, the cache checks the image again at the next run: the changed layer is refused.
        expectRefused(() -> runImage(image), "the image changed after it was verified");
        assertEquals(List.of(".lock"), Files.list(entry.getParent()).map(p -> p.getFileName().toString()).toList());
    }

    /**
     * A container run from an image commits as an image of one layer over the same rootfs: its
     * changes folded into the image's, a whiteout kept only where the rootfs has something to hide.
     */
    @Test
    void aContainerRunFromAnImageCommitsAsOneLayer() throws Exception {
        Path image = committed("first");
        Nucleus.Result second = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--keep",
                "--name", "second", "--", "/bin/sh", "-c", "busybox rm /opt/cache/b /etc/motd;"
                        + " echo second > /var/lib/app/second");
        assertEquals(0, second.exit(), second.toString());
        Path stacked = images.resolve("stacked");
        Nucleus.Result commit = nucleus("image", "commit", "second", "-o", stacked.toString(), "--image-key-file",
                key.toString());
        assertEquals(0, commit.exit(), commit.toString());
        assertEquals(0, nucleus("rm", "second").exit());
        String manifest = Files.readString(stacked.resolve("manifest.json"));
        assertTrue(manifest.contains("\"deleted_paths\":[\"/etc/motd\",\"/etc/remove-me\"]"),
                "the rootfs's files deleted by either container; not /opt/cache/b, which only the image had: " + manifest);
        assertTrue(manifest.contains("\"opaque_paths\":[\"/opt/cache\"]"), manifest);
        assertTrue(manifest.contains("\"rootfs_path\":\"" + rootfs.toRealPath() + "\""), manifest);

        Nucleus.Result look = nucleus("image", "run", stacked.toString(), "--image-key-file", key.toString(), "--",
                "/bin/sh", "-c", "ls /etc; ls /opt/cache; cat /var/lib/app/data /var/lib/app/second");
        assertEquals(0, look.exit(), look.toString());
        assertEquals("data\nsecond\n", look.out(), "both containers' changes, in one layer: " + look);
        assertEquals("changed\n", Files.readString(image.resolve("diff/etc/motd")), "the first image is untouched");
        assertEquals(List.of(), containerDirectories());
    }

    /** Detached: the launch document carries the layer to the supervisor, which copies and checks it. */
    @Test
    void aDetachedImageRunIsSupervisedWithItsLayer() throws Exception {
        Path image = committed("detached");
        Nucleus.Result started = nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "-d",
                "--name", "det", "--", "/bin/sh", "-c", "cat /etc/motd; ls /opt/cache; exec busybox sleep 60");
        assertEquals(0, started.exit(), started.toString());
        try {
            Nucleus.Result logs = nucleus("logs", "det");
            for (int i = 0; i < 50 && !logs.out().contains("b\n"); i++) {
                Thread.sleep(100);
                logs = nucleus("logs", "det");
            }
            assertEquals("changed\nb\n", logs.out(), logs.toString());
            assertTrue(nucleus("state", "det").out().contains("\"dev.nucleus.rootfs-layer\""), "the layer is recorded");
        } finally {
            assertEquals(0, nucleus("rm", "-f", "det").exit());
        }
        assertEquals(List.of(), containerDirectories(), "its reference to the cached layer went with it");
    }

    /** --freeze holds a running container still for the copy and lets it go on afterwards. */
    @Test
    void aRunningContainerIsFrozenForItsCommitAndGoesOn() throws Exception {
        Nucleus.Result started = nucleus("run", "-d", "--name", "busy", "--rootfs", rootfs.toString(), "--rootfs-mode",
                "overlay", "--", "/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo $i > /var/lib/app/next;"
                        + " busybox mv /var/lib/app/next /var/lib/app/count; done");
        assertEquals(0, started.exit(), started.toString());
        try {
            Path image = images.resolve("busy");
            Nucleus.Result commit = nucleus("image", "commit", "busy", "--freeze", "-o", image.toString(),
                    "--image-key-file", key.toString());
            assertEquals(0, commit.exit(), commit.toString());
            long counted = Long.parseLong(Files.readString(image.resolve("diff/var/lib/app/count")).strip());
            Nucleus.Result load = nucleus("image", "inspect", image.toString(), "--image-key-file", key.toString());
            assertEquals(0, load.exit(), "the layer copied while frozen is the one digested: " + load);
            Path live = root.resolve(started.out().strip()).resolve("rootfs-overlay/upper/var/lib/app/count");
            long later = counted;
            for (int i = 0; i < 50 && later <= counted; i++) {
                Thread.sleep(20);
                later = Long.parseLong(Files.readString(live).strip());
            }
            assertTrue(later > counted, "thawed: the workload went on counting past " + counted);
        } finally {
            assertEquals(0, nucleus("rm", "-f", "busy").exit());
        }
    }

    @Test
    void aChangedOrForeignImageIsRefusedAndLeavesNothing() throws Exception {
        Path image = committed("signed");

        Path layer = copy(image, "layer");
        Files.writeString(layer.resolve("diff/etc/motd"), "evil\n");
        expectRefused(() -> runImage(layer), "nucleus run: the image layer " + layer.resolve("diff")
                + ": the layer's digest is ");
        expectRefused(() -> nucleus("image", "inspect", layer.toString(), "--image-key-file", key.toString()),
                "its layer has digest ");

        Path manifest = copy(image, "manifest");
        Files.writeString(manifest.resolve("manifest.json"),
                Files.readString(manifest.resolve("manifest.json")).replace("\"uid\":0", "\"uid\":1"));
        expectRefused(() -> runImage(manifest), "image.sig does not sign its manifest.json under this key");

        Path other = images.resolve("other.key");
        Files.write(other, "another key, 32 bytes or more ...".getBytes());
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("r--------"));
        expectRefused(() -> nucleus("image", "load", image.toString(), "--image-key-file", other.toString()),
                "image.sig does not sign its manifest.json under this key");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        expectRefused(() -> runImage(image), "mode 644 lets others read or change it");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        Files.writeString(rootfs.resolve("etc/motd"), "rebuilt\n");
        // Not yet attested again: load verifies the base's files as the run would, and both refuse.
        expectRefused(() -> nucleus("image", "load", image.toString(), "--image-key-file", key.toString()),
                "does not match its .nucleus-rootfs-sha256: 1 changed (etc/motd)");
        expectRefused(() -> runImage(image), "does not match its .nucleus-rootfs-sha256: 1 changed (etc/motd)");
        Nucleus.Result attest = Nucleus.run("rootfs", "attest", rootfs.toString());
        assertEquals(0, attest.exit(), attest.toString());
        expectRefused(() -> runImage(image), "the base rootfs " + rootfs.toRealPath() + " has changed since the image was made");
    }

    @Test
    void whatCannotBeCommittedOrRunIsRefused() throws Exception {
        Nucleus.Result bound = nucleus("run", "--keep", "--name", "bound", "--rootfs", rootfs.toString(), "--",
                "/bin/sh", "-c", "true");
        assertEquals(0, bound.exit(), bound.toString());
        expectRefused(() -> nucleus("image", "commit", "bound", "-o", images.resolve("x").toString(), "--image-key-file",
                key.toString()), "container bound was not started with --rootfs-mode overlay");
        assertEquals(0, nucleus("rm", "bound").exit());

        Path image = committed("base");
        Files.createDirectories(images.resolve("full")).resolve("keep");
        Files.writeString(images.resolve("full/keep"), "mine");
        Nucleus.Result made = nucleus("run", "--keep", "--name", "again", "--rootfs", rootfs.toString(),
                "--rootfs-mode", "overlay", "--", "/bin/sh", "-c", "true");
        assertEquals(0, made.exit(), made.toString());
        expectRefused(() -> nucleus("image", "commit", "again", "-o", images.resolve("full").toString(), "--image-key-file",
                key.toString()), "already exists and is not an empty directory");
        assertEquals("mine", Files.readString(images.resolve("full/keep")));
        Files.delete(rootfs.resolve(".nucleus-rootfs-sha256"));
        expectRefused(() -> nucleus("image", "commit", "again", "-o", images.resolve("y").toString(), "--image-key-file",
                key.toString()), "has no .nucleus-rootfs-sha256; an image runs only on an attested rootfs");
        assertEquals(0, nucleus("rm", "again").exit());
        assertFalse(Files.exists(images.resolve("y")));
        assertEquals(List.of(), leftBeside(images), "no partial image beside the destination");
        assertEquals(0, Nucleus.run("rootfs", "attest", rootfs.toString()).exit());

        expectRefused(() -> nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--rootfs", "/"),
                "--rootfs is the image's own");
        expectRefused(() -> nucleus("image", "run", "--image-key-file", key.toString()), "expected IMAGE");
        expectRefused(() -> nucleus("image", "run", images.resolve("absent").toString(), "--image-key-file", key.toString()),
                "is not an image: it has no manifest.json");
    }

    private Nucleus.Result runImage(Path image) {
        return nucleus("image", "run", image.toString(), "--image-key-file", key.toString(), "--", "/bin/sh", "-c", "true");
    }

    private Path copy(Path image, String name) throws IOException {
        Path copy = images.resolve(name);
        Nucleus.Result cp = Nucleus.exec(List.of("cp", "-a", image.toString(), copy.toString()));
        assertEquals(0, cp.exit(), cp.toString());
        return copy;
    }

    private void expectRefused(java.util.function.Supplier<Nucleus.Result> call, String expectation) throws IOException {
        List<String> before = containerDirectories();
        Nucleus.Result r = call.get();
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(expectation), "expected '" + expectation + "' in: " + r);
        assertEquals(before, containerDirectories(), "nothing is left: " + r);
        assertFalse(Nucleus.shell("grep -c " + root + " /proc/self/mountinfo").out().strip().matches("[1-9][0-9]*"),
                "no mount is left");
    }
}
