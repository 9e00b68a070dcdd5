package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This host's Nix store, for the tests (nix-bin, installed by scripts/setup.sh; offline, no
 * nixpkgs): where production mode's rootfs trees must live. What the tests add or build is
 * deleted from the store when the test JVM ends.
 */
final class NixStore {
    /** No build users and no binary cache on the test machines. */
    private static final List<String> OFFLINE = List.of("--option", "build-users-group", "", "--option",
            "substituters", "");
    private static final List<String> MADE = new CopyOnWriteArrayList<>();
    private static Path busyboxRootfs;
    private static Path busyboxImage;

    static {
        // One path at a time, in rounds until a round deletes nothing: a path still used stays.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (boolean progress = true; progress; ) {
                progress = false;
                for (String path : MADE) {
                    if (Files.exists(Path.of(path)) && Nucleus.exec(List.of("nix-store", "--delete", path)).exit() == 0
                            && !Files.exists(Path.of(path))) {
                        progress = true;
                    }
                }
            }
        }));
    }

    private NixStore() {
    }

    /** {@code dir} (a rootfs tree) attested with {@code nucleus rootfs attest}, then added to the store. */
    static Path attestedRootfs(Path dir) {
        Nucleus.Result attest = Nucleus.run("rootfs", "attest", dir.toString());
        assertEquals(0, attest.exit(), attest.toString());
        return add(dir);
    }

    /** {@code nix-store --add}: the store object holding a copy of {@code path}. */
    static Path add(Path path) {
        List<String> cmd = new ArrayList<>(List.of("nix-store"));
        cmd.addAll(OFFLINE);
        cmd.addAll(List.of("--add", path.toString()));
        return made(cmd);
    }

    /**
     * The rootfs nix/tests/busybox-rootfs.nix builds with nix/rootfs.nix (mkRootfs), through
     * scripts/nix-busybox-rootfs.sh: busybox and a {@code hello} script, each its own store object,
     * reached through symlinks; built once.
     */
    static synchronized Path busyboxRootfs() throws IOException {
        if (busyboxRootfs == null) {
            busyboxRootfs = built(List.of(Nucleus.REPO.resolve("scripts/nix-busybox-rootfs.sh").toString()));
        }
        return busyboxRootfs;
    }

    /** nix/tests/busybox-image.nix: mkImage (nix/image.nix) over that rootfs; built once. */
    static synchronized Path busyboxImage() throws IOException {
        if (busyboxImage == null) {
            busyboxImage = built(List.of(Nucleus.REPO.resolve("scripts/nix-busybox-rootfs.sh").toString(), "--image"));
        }
        return busyboxImage;
    }

    /** What {@code cmd} built, with what the build left in the store beside it (derivations, sources, packages). */
    private static Path built(List<String> cmd) {
        Path out = made(cmd);
        String deriver = Nucleus.exec(List.of("nix-store", "--query", "--deriver", out.toString())).out().strip();
        Nucleus.Result left = Nucleus.exec(List.of("nix-store", "--query", "--requisites", "--include-outputs",
                deriver));
        for (String path : left.out().split("\n")) {
            if (!path.isBlank() && !MADE.contains(path)) {
                MADE.add(path);
            }
        }
        return out;
    }

    private static Path made(List<String> cmd) {
        Nucleus.Result r = Nucleus.exec(cmd);
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().strip().split("\n");
        String path = lines[lines.length - 1];
        if (!path.startsWith("/nix/store/")) {
            throw new AssertionError(cmd + " made no store path: " + r);
        }
        MADE.add(path);
        return Path.of(path);
    }
}
