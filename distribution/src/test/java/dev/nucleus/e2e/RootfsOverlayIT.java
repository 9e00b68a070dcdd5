package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --rootfs-mode overlay} through the real binary: the workload writes its rootfs through a
 * layer of its own, which outlives restarts and goes with {@code rm}; the rootfs is never written.
 * Each test has its own {@code --root}.
 */
@Tag("root")
class RootfsOverlayIT {
    Path rootfs;
    Path root;

    @BeforeEach
    void busyboxRootfs() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-overlay-rootfs");
        // 0755 as a real rootfs is (a temporary directory is 0700): a remapped root must pass through it.
        Files.setPosixFilePermissions(rootfs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.createDirectories(rootfs.resolve("var"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/motd"), "as built\n");
        root = Nucleus.tempDir("nucleus-overlay-state");
    }

    Nucleus.Result nucleus(String... args) {
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        return Nucleus.run(all.toArray(String[]::new));
    }

    /** What is left in the --root besides the shared directories every launch may make. */
    List<String> containerDirectories() throws IOException {
        try (Stream<Path> left = Files.list(root)) {
            return left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.equals("names"))
                    .toList();
        }
    }

    /** An agent-mode foreground run of {@code script} on the overlaid rootfs. */
    Nucleus.Result overlaid(String script) {
        return nucleus("run", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay", "--", "/bin/sh", "-c", script);
    }

    @Test
    void theWorkloadWritesItsRootAndTheRootfsStaysAsBuilt() throws IOException {
        Nucleus.Result r = overlaid("echo changed > /etc/motd && cat /etc/motd && echo new > /var/log"
                + " && busybox cp /bin/busybox /usr/bin/echo && /usr/bin/echo ran a program it installed");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("changed\nran a program it installed\n", r.out(), r.toString());
        assertEquals("as built\n", Files.readString(rootfs.resolve("etc/motd")));
        assertFalse(Files.exists(rootfs.resolve("var/log")));
        assertFalse(Files.exists(rootfs.resolve("usr/bin/echo")));
        assertEquals(List.of(), containerDirectories(), "an ephemeral container's layer goes with it");
    }

    /** Writable is the rootfs's own tree: no new top-level entry, and Nucleus's mounts keep their flags. */
    @Test
    void onlyTheRootfsDirectoriesBecomeWritable() throws IOException {
        Nucleus.Result r = overlaid("busybox mkdir /top 2>&1; echo 1 > /proc/sys/kernel/hostname;"
                + " busybox grep ' / / ' /proc/self/mountinfo");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("can't create directory '/top': Permission denied"), r.toString());
        assertTrue(r.err().contains("/proc/sys/kernel/hostname: Read-only file system"), r.toString());
        assertTrue(r.out().matches("(?s).* / / rw,nosuid,nodev[^ ]* - overlay overlay rw,lowerdir="
                + rootfs.toRealPath() + ",upperdir=.*"), r.toString());

        Files.writeString(rootfs.resolve("var/kept"), "kept\n");
        Nucleus.Result bind = nucleus("run", "--rootfs", rootfs.toString(), "--", "/bin/sh", "-c",
                "cat /var/kept && echo changed > /etc/motd");
        assertEquals(1, bind.exit(), "the default bind mode keeps the rootfs read-only: " + bind);
        assertEquals("kept\n", bind.out(), "but every directory of it readable (/var too): " + bind);
        assertTrue(bind.err().contains("/etc/motd"), bind.toString());
    }

    /**
     * Strict-agent started by root remaps container root to host uid 100000. The rootfs is
     * idmapped by the container's maps beneath the overlay, so the root-owned rootfs is container
     * root's, as without the namespace: it changes it, and its changes are host uid 100000's.
     */
    @Test
    void aRemappedRootOwnsTheRootfsThroughAnIdmappedLayer() throws Exception {
        Nucleus.Result r = nucleus("run", "--keep", "--name", "remapped", "--service-mode", "strict-agent",
                "--trust-level", "trusted", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay", "--",
                "/bin/sh", "-c", "busybox stat -c '%u %g' /etc/motd; echo changed > /etc/motd && cat /etc/motd;"
                        + " busybox awk '$1 == 0 {print $2}' /proc/self/uid_map");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("0 0\nchanged\n100000\n", r.out(), r.toString());
        assertFalse(r.err().contains("warning"), r.toString());
        assertEquals("as built\n", Files.readString(rootfs.resolve("etc/motd")));
        String id = containerDirectories().getFirst();
        Path changed = root.resolve(id).resolve("rootfs-overlay/upper/etc/motd");
        assertEquals("changed\n", Files.readString(changed));
        assertEquals(100000, Files.getAttribute(changed, "unix:uid"));
        assertEquals(0, nucleus("rm", "remapped").exit());
        assertEquals(List.of(), containerDirectories());
    }

    /** An unprivileged caller cannot idmap: over a rootfs it does not own, it is told what it can change. */
    @Test
    void anUnprivilegedCallerIsWarnedOfARootfsItDoesNotOwn() {
        Nucleus.exec(List.of("chown", "65534:65534", root.toString()));
        Nucleus.Result r = Nucleus.exec(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                "env", "HOME=" + root, "XDG_RUNTIME_DIR=" + root, Nucleus.BIN.toString(), "--root", root.toString(),
                "run", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay", "--", "/bin/sh", "-c",
                "echo changed > /etc/motd || echo refused; echo ok > /tmp/t && echo tmp-ok"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("refused\ntmp-ok\n", r.out(), r.toString());
        assertTrue(r.err().contains("--rootfs-mode overlay: the rootfs's owner, host uid 0, is not mapped in the"
                + " container's user namespace"), r.toString());
    }

    /** A detached container keeps its layer across restarts, shows where it is, and rm removes it. */
    @Test
    void changesOutliveRestartsAndGoWithRm() throws Exception {
        Nucleus.Result started = nucleus("run", "-d", "--name", "layered", "--restart", "on-failure:5", "--rootfs",
                rootfs.toString(), "--rootfs-mode", "overlay", "--", "/bin/sh", "-c",
                "echo run >> /var/runs; [ $(busybox wc -l < /var/runs) -ge 3 ] && exit 0; exit 1");
        assertEquals(0, started.exit(), started.toString());
        String id = started.out().strip();
        Path upper = root.resolve(id).resolve("rootfs-overlay/upper");
        Nucleus.Result state = nucleus("state", "layered");
        // Two failed runs, each restarted after a pause (1 s, 2 s), then the third succeeds.
        for (int i = 0; i < 200 && !state.out().contains("exited (0)"); i++) {
            Thread.sleep(100);
            state = nucleus("state", "layered");
        }
        assertTrue(state.out().contains("\"dev.nucleus.status\" : \"exited (0)\""), state.toString());
        assertTrue(state.out().contains("\"dev.nucleus.restarts\" : \"2\""), state.toString());
        assertTrue(state.out().contains("\"dev.nucleus.rootfs-upperdir\" : \"" + upper + "\""), state.toString());
        assertEquals("run\nrun\nrun\n", Files.readString(upper.resolve("var/runs")),
                "each restart saw what the run before wrote");
        assertFalse(Files.exists(rootfs.resolve("var/runs")));

        Nucleus.Result rm = nucleus("rm", "layered");
        assertEquals(0, rm.exit(), rm.toString());
        assertTrue(Nucleus.awaitNoProcessMentioning(root.toString()));
        assertEquals(List.of(), containerDirectories(), "rm removes the layer with the container");
    }

    /**
     * An unprivileged caller mounts the overlay in its user namespace, over a rootfs it owns, and
     * removes the layer afterwards, overlayfs's unreadable work directory too.
     */
    @Test
    void anUnprivilegedCallerHasALayerOfItsOwn() throws IOException {
        Nucleus.exec(List.of("chown", "-R", "65534:65534", rootfs.toString(), root.toString()));
        Nucleus.Result r = Nucleus.exec(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                "env", "HOME=" + root, "XDG_RUNTIME_DIR=" + root, Nucleus.BIN.toString(), "--root", root.toString(),
                "run", "--keep", "--name", "mine", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay", "--",
                "/bin/sh", "-c", "echo changed > /etc/motd && cat /etc/motd"));
        assertEquals(0, r.exit(), r.toString());
        assertEquals("changed\n", r.out(), r.toString());
        assertEquals("as built\n", Files.readString(rootfs.resolve("etc/motd")));
        assertEquals(1, containerDirectories().size(), "kept with --keep: " + containerDirectories());

        Nucleus.Result rm = Nucleus.exec(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                Nucleus.BIN.toString(), "--root", root.toString(), "rm", "mine"));
        assertEquals(0, rm.exit(), rm.toString());
        assertEquals(List.of(), containerDirectories());
    }

    /** Refused before anything is made: production, gVisor, and a path the mount options cannot carry. */
    @Test
    void whatOverlayCannotDoIsRefusedUpFront() throws IOException {
        Nucleus.Result production = nucleus("run", "--service-mode", "production", "--trust-level", "trusted",
                "--memory", "64M", "--cpus", "1", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay", "--",
                "/bin/sh", "-c", "true");
        assertEquals(2, production.exit(), production.toString());
        assertTrue(production.err().contains("--rootfs-mode overlay is not allowed"), production.toString());

        Nucleus.Result gvisor = nucleus("run", "--runtime", "gvisor", "--rootfs", rootfs.toString(),
                "--rootfs-mode", "overlay", "--", "/bin/sh", "-c", "true");
        assertEquals(2, gvisor.exit(), gvisor.toString());
        assertTrue(gvisor.err().contains("works on the native runtime only"), gvisor.toString());

        Path comma = Files.createSymbolicLink(root.getParent().resolve(root.getFileName() + ",rootfs"), rootfs);
        try {
            Nucleus.Result odd = nucleus("run", "--rootfs", comma.toString(), "--rootfs-mode", "overlay", "--",
                    "/bin/sh", "-c", "true");
            assertEquals(0, odd.exit(), "the path is resolved first, and the real one is fine: " + odd);
        } finally {
            Files.delete(comma);
        }
        Path realComma = Files.move(rootfs, rootfs.resolveSibling(rootfs.getFileName() + ",x"));
        try {
            Nucleus.Result odd = nucleus("run", "--rootfs", realComma.toString(), "--rootfs-mode", "overlay", "--",
                    "/bin/sh", "-c", "true");
            assertEquals(2, odd.exit(), odd.toString());
            assertTrue(odd.err().contains("--rootfs " + realComma + ": --rootfs-mode overlay cannot name a path"
                    + " holding ',', ':' or '\\'"), odd.toString());
        } finally {
            Files.move(realComma, rootfs);
        }
        Path inside = rootfs.resolve("var/nucleus-state");
        Nucleus.Result nested = Nucleus.run("--root", inside.toString(), "run", "--rootfs", rootfs.toString(),
                "--rootfs-mode", "overlay", "--", "/bin/sh", "-c", "true");
        assertEquals(2, nested.exit(), nested.toString());
        assertTrue(nested.err().contains("the state directory " + rootfs.toRealPath().resolve("var/nucleus-state")
                + " lies inside it"), nested.toString());
        assertFalse(Files.exists(inside), "nothing made there");
        assertEquals(List.of(), containerDirectories(), "a refused launch makes nothing");
    }

    /**
     * An overlay root is the rootfs's own tree: a link where the container needs a directory
     * (its /tmp), or on the way to a volume, is refused by name before the clone, and the launch
     * leaves nothing. Bind mode builds its own root, and runs the same rootfs.
     */
    @Test
    void aRootfsLinkWhereTheContainerMountsIsRefusedByName() throws IOException {
        Path tmp = rootfs.resolve("tmp");
        if (Files.isDirectory(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(tmp);
        }
        Files.createDirectories(rootfs.resolve("var/tmp"));
        Files.createSymbolicLink(tmp, Path.of("var/tmp"));

        Nucleus.Result linked = overlaid("true");
        assertEquals(2, linked.exit(), linked.toString());
        assertTrue(linked.err().contains("--rootfs-mode overlay: the rootfs's /tmp is a symbolic link (to var/tmp),"
                + " where the container needs a directory"), linked.toString());
        assertEquals(List.of(), containerDirectories(), "a refused launch makes nothing");
        Nucleus.Result bind = nucleus("run", "--rootfs", rootfs.toString(), "--", "/bin/sh", "-c", "true");
        assertEquals(0, bind.exit(), bind.toString());

        Files.delete(tmp);
        Files.createDirectory(tmp);
        Files.createSymbolicLink(rootfs.resolve("srv"), Path.of("/var"));
        Path volume = Nucleus.tempDir("nucleus-overlay-volume");
        Nucleus.Result through = nucleus("run", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay", "--volume",
                volume + ":/srv/data", "--", "/bin/sh", "-c", "true");
        assertEquals(2, through.exit(), through.toString());
        assertTrue(through.err().contains("the rootfs's /srv is a symbolic link (to /var)"), through.toString());
        assertEquals(List.of(), containerDirectories());
    }

    /**
     * Bind mode shows the rootfs's directories read-only: a secret or volume beneath one with no
     * mount point there is refused by name before anything is made (it failed at its mkdir with
     * EROFS, 125); with an overlay root the same launch makes its mount points in the layer.
     */
    @Test
    void aMountPointTheBindModeRootfsLacksIsRefusedUpFront() throws IOException {
        Path secret = Files.writeString(root.resolveSibling(root.getFileName() + "-key"), "s3cret\n");
        Path volume = Nucleus.tempDir("nucleus-overlay-volume");
        Files.writeString(volume.resolve("note"), "from the host\n");
        try {
            Nucleus.Result bind = nucleus("run", "--rootfs", rootfs.toString(), "--secret", secret + ":/var/app/key",
                    "--volume", volume + ":/var/data", "--", "/bin/sh", "-c", "true");
            assertEquals(2, bind.exit(), bind.toString());
            assertTrue(bind.err().contains("--secret /var/app/key: /var is read-only (--rootfs " + rootfs
                    + ") and has no app/key to mount on; mount it elsewhere, or give --rootfs-mode overlay"), bind.toString());
            assertTrue(bind.err().contains("--volume " + volume + ":/var/data: /var is read-only"), bind.toString());
            assertEquals(List.of(), containerDirectories(), "a refused launch makes nothing");

            Nucleus.Result overlay = nucleus("run", "--rootfs", rootfs.toString(), "--rootfs-mode", "overlay",
                    "--secret", secret + ":/var/app/key", "--volume", volume + ":/var/data", "--", "/bin/sh", "-c",
                    "busybox cat /var/app/key /var/data/note");
            assertEquals(0, overlay.exit(), overlay.toString());
            assertEquals("s3cret\nfrom the host\n", overlay.out(), overlay.toString());
            assertFalse(Files.exists(rootfs.resolve("var/app")), "the mount points were made in the layer");
        } finally {
            Files.delete(secret);
        }
    }

    /**
     * A rootfs's top-level files (its /entrypoint.sh, a /VERSION) are part of its root: bind mode
     * shows them read-only and lets them run, as Landlock does in both modes (they were missing in
     * bind mode, and unreadable in overlay mode).
     */
    @Test
    void theRootfsTopLevelFilesAreThereAndRun() throws IOException {
        Files.writeString(rootfs.resolve("VERSION"), "1.2\n");
        Path entry = Files.writeString(rootfs.resolve("entrypoint.sh"), "#!/bin/sh\necho entry; cat /VERSION\n");
        Files.setPosixFilePermissions(entry, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Nucleus.Result bind = nucleus("run", "--rootfs", rootfs.toString(), "--", "/bin/sh", "-c",
                "/entrypoint.sh; echo changed > /VERSION 2>/dev/null || echo read-only");
        assertEquals(0, bind.exit(), bind.toString());
        assertEquals("entry\n1.2\nread-only\n", bind.out(), bind.toString());
        Nucleus.Result strict = nucleus("run", "--service-mode", "strict-agent", "--trust-level", "trusted", "--rootfs",
                rootfs.toString(), "--", "/entrypoint.sh");
        assertEquals("entry\n1.2\n", strict.out(), "through the user namespace too: " + strict);
        Nucleus.Result overlay = overlaid("/entrypoint.sh && echo changed > /VERSION && cat /VERSION");
        assertEquals(0, overlay.exit(), overlay.toString());
        assertEquals("entry\n1.2\nchanged\n", overlay.out(), overlay.toString());
        assertEquals("1.2\n", Files.readString(rootfs.resolve("VERSION")), "the rootfs is never written");
        Nucleus.Result beneath = nucleus("run", "--rootfs", rootfs.toString(), "--tmpfs", "/VERSION", "--", "/bin/true");
        assertEquals(2, beneath.exit(), beneath.toString());
        assertTrue(beneath.err().contains("the rootfs's /VERSION is a file, bound read-only, where no directory can be"
                + " mounted"), beneath.toString());
        assertEquals(List.of(), containerDirectories(), "a refused launch makes nothing");
    }
}
