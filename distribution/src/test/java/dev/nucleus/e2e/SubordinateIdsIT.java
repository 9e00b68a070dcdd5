package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --userns keep-id} and {@code auto} for real: the maps the container sees, for root and
 * for an unprivileged caller (user nobody, whose maps the setuid newuidmap and newgidmap write),
 * from ranges this test writes into /etc/subuid and /etc/subgid and takes out again.
 */
@Tag("root")
class SubordinateIdsIT {
    private static final Path SUBUID = Path.of("/etc/subuid");
    private static final Path SUBGID = Path.of("/etc/subgid");
    private static final String MAPS_AND_IDS = "cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g";
    private static byte[] subuidBefore;
    private static byte[] subgidBefore;
    private static Path copy;
    private static Path home;

    @BeforeAll
    static void saveTheFilesAndCopyTheDistribution() throws IOException {
        subuidBefore = Files.exists(SUBUID) ? Files.readAllBytes(SUBUID) : null;
        subgidBefore = Files.exists(SUBGID) ? Files.readAllBytes(SUBGID) : null;
        // A copy user nobody can reach: a checkout may sit beneath a directory only root may enter.
        copy = Nucleus.tempDir("nucleus-dist-copy");
        home = Nucleus.tempDir("nucleus-nobody");
        Nucleus.Result prepared = Nucleus.exec(List.of("/bin/sh", "-c", "cp -a '" + Nucleus.REPO
                + "/distribution/target/nucleus/.' '" + copy + "' && chmod 755 '" + copy + "' && chown 65534:65534 '"
                + home + "'"));
        assertEquals(0, prepared.exit(), prepared.toString());
    }

    @AfterAll
    static void restoreTheFiles() throws IOException {
        restore(SUBUID, subuidBefore);
        restore(SUBGID, subgidBefore);
    }

    private static void restore(Path file, byte[] before) throws IOException {
        if (before == null) {
            Files.deleteIfExists(file);
        } else {
            Files.write(file, before);
        }
    }

    private static void ranges(String... lines) throws IOException {
        String text = String.join("\n", lines) + "\n";
        Files.writeString(SUBUID, text);
        Files.writeString(SUBGID, text);
    }

    private static Nucleus.Result asNobody(String... runArgs) {
        List<String> cmd = new ArrayList<>(List.of("env", "HOME=" + home, "XDG_RUNTIME_DIR=" + home, "setpriv",
                "--reuid=65534", "--regid=65534", "--clear-groups", copy + "/bin/nucleus", "run"));
        cmd.addAll(List.of(runArgs));
        return Nucleus.exec(cmd);
    }

    /** Each line of the two maps, whitespace collapsed, then the ids. */
    private static List<String> lines(String out) {
        return out.lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList();
    }

    @Test
    void withoutARangeOrAsRootForKeepIdTheRequestIsRefused() throws IOException {
        ranges("someoneelse:300000:65536");
        Nucleus.Result none = Nucleus.run("run", "--userns", "auto", "--", "/bin/true");
        assertEquals(2, none.exit(), none.toString());
        assertTrue(none.err().contains("rule userns-subordinate-ids: --userns auto maps the container's ids onto the"
                + " caller's subordinate ids, and /etc/subuid and /etc/subgid give uid 0 none"), none.err());
        Nucleus.Result keepId = Nucleus.run("run", "--userns", "keep-id", "--", "/bin/true");
        assertEquals(2, keepId.exit(), keepId.toString());
        assertTrue(keepId.err().contains("rule userns-keep-id-as-root"), keepId.err());
    }

    @Test
    void autoAsRootMapsRootToItselfAndTheRestToItsRange() throws IOException {
        ranges("root:300000:65536");
        Nucleus.Result r = Nucleus.run("run", "--userns", "auto", "--", "/bin/sh", "-c", MAPS_AND_IDS);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("0 0 1", "1 300000 65536", "0 0 1", "1 300000 65536", "0", "0"), lines(r.out()));
    }

    @Test
    void anUnprivilegedCallerGetsItsRangeThroughTheSetuidHelpers() throws IOException {
        ranges("nobody:400000:65536");
        Nucleus.Result keepId = asNobody("--userns", "keep-id", "--", "/bin/sh", "-c",
                MAPS_AND_IDS + "; ls -dn \"$HOME\" | cut -d' ' -f3,4");
        assertEquals(0, keepId.exit(), keepId.toString());
        assertEquals(List.of("0 400000 1", "65534 65534 1", "0 400000 1", "65534 65534 1", "65534", "65534",
                "65534 65534"), lines(keepId.out()), "keep-id: the workload keeps the caller's ids, and owns its home");
        Nucleus.Result auto = asNobody("--userns", "auto", "--", "/bin/sh", "-c", MAPS_AND_IDS);
        assertEquals(0, auto.exit(), auto.toString());
        assertEquals(List.of("0 65534 1", "1 400000 65536", "0 65534 1", "1 400000 65536", "0", "0"),
                lines(auto.out()));
        Nucleus.Result outside = asNobody("--uidmap", "0:65534:1", "--uidmap", "1:500000:10", "--gidmap", "0:65534:1",
                "--gidmap", "1:400000:10", "--", "/bin/true");
        assertEquals(125, outside.exit(), "newuidmap refuses ids outside the caller's ranges: " + outside);
        assertTrue(outside.err().contains("cannot write the user namespace maps of pid ")
                && outside.err().contains(": newuidmap ") && outside.err().contains(" 1 500000 10 exited 1"),
                outside.toString());
        // Container root outside the caller's ids: the runtime directory stays the caller's (it
        // cannot give it away), and the helper's refusal is what is reported.
        Nucleus.Result notMine = asNobody("--uidmap", "0:500000:10", "--gidmap", "0:500000:10", "--", "/bin/true");
        assertEquals(125, notMine.exit(), notMine.toString());
        assertTrue(notMine.err().contains(": newuidmap ") && notMine.err().contains(" 0 500000 10 exited 1"),
                notMine.toString());
    }
}
