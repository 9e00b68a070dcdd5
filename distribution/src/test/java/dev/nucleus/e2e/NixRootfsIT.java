package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rootfs built by Nix (nix/rootfs.nix's mkRootfs, through the real nix-build) runs: its programs
 * are symlinks into /nix/store, and the runtime shows the closure it lists
 * ({@code .nucleus-rootfs-store-paths}) read-only at the same paths, on both runtimes and in
 * every mode.
 */
@Tag("root")
class NixRootfsIT {
    static Path rootfs;
    static List<String> closure;

    @BeforeAll
    static void build() throws IOException {
        rootfs = NixStore.busyboxRootfs();
        closure = Files.readAllLines(rootfs.resolve(".nucleus-rootfs-store-paths"));
    }

    private static final String SHOW = "hello; readlink /bin/sh; ls /nix/store; awk '$5 ~ /^\\/nix\\/store\\//' /proc/self/mountinfo | wc -l;"
            + " touch /nix/store/x 2>/dev/null || echo store read-only";

    private static String expected(boolean mounts) {
        String busybox = closure.stream().filter(p -> !p.endsWith("-nucleus-hello")).findFirst().orElseThrow();
        StringBuilder out = new StringBuilder("hello from /bin/hello\n" + busybox + "/bin/sh\n");
        closure.forEach(p -> out.append(p.substring("/nix/store/".length())).append('\n'));
        return out + (mounts ? closure.size() + "\n" : "") + "store read-only\n";
    }

    /**
     * mkImage (nix/image.nix): the rootfs and what to run on it, unsigned and trusted as the store
     * is; it runs without any image key, and a copy outside the store is refused.
     */
    @Test
    void anImageNixBuiltRunsWithoutAKeyFromTheStoreOnly() throws IOException {
        Path image = NixStore.busyboxImage();
        List<String> noKey = List.of("env", "NUCLEUS_IMAGE_HMAC_KEY_FILE=/nonexistent/key", Nucleus.BIN.toString());
        Nucleus.Result run = Nucleus.exec(concat(noKey, "image", "run", image.toString()));
        assertEquals(0, run.exit(), run.toString());
        assertEquals("hello from /bin/hello\nbuilt by Nix from /etc as 0:0\n", run.out(), run.toString());
        Nucleus.Result args = Nucleus.exec(concat(noKey, "image", "run", image.toString(), "--", "/bin/hello"));
        assertEquals("hello from /bin/hello\n", args.out(), args.toString());
        Nucleus.Result inspect = Nucleus.exec(concat(noKey, "image", "inspect", image.toString()));
        assertEquals(0, inspect.exit(), inspect.toString());
        assertEquals(Files.readString(image.resolve("manifest.json")) + "\n", inspect.out());
        assertTrue(inspect.out().contains("\"diff\":null") && inspect.out().contains("\"rootfs_path\":\""
                + rootfs + "\""), inspect.out());
        assertEquals("verified\n", Nucleus.exec(concat(noKey, "image", "load", image.toString())).out());

        Path copy = Nucleus.tempDir("nucleus-image-copy").resolve("image");
        assertEquals(0, Nucleus.exec(List.of("cp", "-a", image.toString(), copy.toString())).exit());
        Nucleus.Result outside = Nucleus.exec(concat(noKey, "image", "run", copy.toString()));
        assertEquals(2, outside.exit(), outside.toString());
        assertTrue(outside.err().contains("has no image.sig: an image is signed (nucleus image commit), or built by"
                + " Nix into the store with no layer (mkImage)"), outside.toString());
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    @Test
    void theBuiltRootfsIsAttestedAndListsItsClosure() {
        assertEquals(2, closure.size(), closure.toString());
        assertTrue(closure.stream().anyMatch(p -> p.endsWith("-nucleus-hello")), closure.toString());
        assertTrue(closure.stream().allMatch(p -> Files.isDirectory(rootfs.resolve(p.substring(1)))),
                "an empty mount point per object, for gVisor");
        Nucleus.Result check = Nucleus.run("rootfs", "attest", "--check", rootfs.toString());
        assertEquals(0, check.exit(), check.toString());
    }

    @Test
    void agentAndStrictAgentSeeTheClosureAndNothingElseOfTheStore() {
        Nucleus.Result agent = Nucleus.run("run", "--rootfs", rootfs.toString(), "--", "/bin/sh", "-c", SHOW);
        assertEquals(0, agent.exit(), agent.toString());
        assertEquals(expected(true), agent.out());
        Nucleus.Result strict = Nucleus.run("run", "--strict-agent", "--trust-level", "trusted", "--rootfs",
                rootfs.toString(), "--", "/bin/sh", "-c", SHOW);
        assertEquals(0, strict.exit(), strict.toString());
        assertEquals(expected(true), strict.out());
    }

    @Test
    void productionRunsItVerifiedWithItsMountsAudited() {
        Nucleus.Result r = Nucleus.run("run", "--service-mode", "production", "--trust-level", "trusted", "--memory",
                "64M", "--cpus", "1", "--verify-rootfs-attestation", "--rootfs", rootfs.toString(), "--", "/bin/sh",
                "-c", SHOW);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(expected(true), r.out());
    }

    @Test
    void gvisorBindsTheClosureOntoTheRootfsMountPoints() {
        Nucleus.Result r = Nucleus.run("run", "--runtime", "gvisor", "--rootfs", rootfs.toString(), "--", "/bin/sh",
                "-c", "hello; readlink /bin/sh; ls /nix/store; touch /nix/store/x 2>/dev/null || echo store read-only");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(expected(false), r.out());
    }

    @Test
    void withoutTheClosureListTheStoreLinksDangle() throws IOException {
        // The same tree with its list removed: /bin/sh leads nowhere in the container (the control).
        Path copy = Nucleus.tempDir("nucleus-no-closure");
        assertEquals(0, Nucleus.exec(List.of("cp", "-a", rootfs + "/.", copy.toString())).exit());
        Nucleus.exec(List.of("chmod", "-R", "u+w", copy.toString()));
        Files.delete(copy.resolve(".nucleus-rootfs-store-paths"));
        Nucleus.Result r = Nucleus.run("run", "--rootfs", copy.toString(), "--", "/bin/sh", "-c", "true");
        assertEquals(127, r.exit(), r.toString());
    }

    @Test
    void aListNamingWhatTheStoreLacksOrNoStoreObjectIsRefusedBeforeAnythingIsMade() throws IOException {
        Path root = Nucleus.tempDir("nucleus-closure-state");
        Path tree = Nucleus.tempDir("nucleus-closure-rootfs");
        Files.createDirectories(tree.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), tree.resolve("bin/busybox"));
        Files.createSymbolicLink(tree.resolve("bin/sh"), Path.of("busybox"));
        String absent = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-not-here";
        Files.writeString(tree.resolve(".nucleus-rootfs-store-paths"), closure.getFirst() + "\n" + absent + "\n");
        Nucleus.Result missing = Nucleus.run("--root", root.toString(), "run", "--rootfs", tree.toString(), "--",
                "/bin/sh", "-c", "true");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains(absent + " is not in this host's Nix store"), missing.err());

        Files.writeString(tree.resolve(".nucleus-rootfs-store-paths"), closure.getFirst() + "/bin\n/etc\n");
        Nucleus.Result malformed = Nucleus.run("--root", root.toString(), "run", "--rootfs", tree.toString(), "--",
                "/bin/sh", "-c", "true");
        assertEquals(2, malformed.exit(), malformed.toString());
        assertTrue(malformed.err().contains("line 1: \"" + closure.getFirst() + "/bin\" is not a Nix store object")
                && malformed.err().contains("line 2: \"/etc\""), malformed.err());
        Nucleus.Result gvisor = Nucleus.run("--root", root.toString(), "run", "--runtime", "gvisor", "--rootfs",
                tree.toString(), "--", "/bin/sh", "-c", "true");
        assertEquals(2, gvisor.exit(), gvisor.toString());
        Nucleus.Result ps = Nucleus.run("--root", root.toString(), "ps", "--all");
        assertEquals(1, ps.out().strip().lines().count(), "no container was made, only the header: " + ps);
    }
}
