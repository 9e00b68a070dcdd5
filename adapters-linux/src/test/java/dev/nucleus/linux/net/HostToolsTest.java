package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.ports.LaunchFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Finding a host tool only as a root-owned regular executable nobody else may write. The tests run
 * as root (the build's environment), so they can give files any owner.
 */
class HostToolsTest {
    private static final String TOOL = "tool";

    @TempDir
    Path tmp;

    @BeforeEach
    void runsAsRoot() throws IOException {
        Path probe = Files.createFile(tmp.resolve("probe"));
        assertEquals(0, (Integer) Files.getAttribute(probe, "unix:uid"), "these tests need to run as root");
        Files.delete(probe);
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    /** A file {@code dir/name} with {@code mode}, owned by {@code uid}. */
    private static Path file(Path dir, String name, int mode, int uid) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
        // chown may clear set-id bits; set the mode last.
        Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        assertEquals(mode, (Integer) Files.getAttribute(p, "unix:mode") & 07777);
        assertEquals(uid, (Integer) Files.getAttribute(p, "unix:uid"));
        return p;
    }

    /** stdout and stderr are read together: a tool filling the stderr pipe first still finishes. */
    @Test
    void aToolWritingMuchToStderrBeforeStdoutStillFinishes() {
        HostTools.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> HostTools.exec("sh", List.of("-c", "head -c 300000 /dev/zero | tr '\\0' x >&2; echo done")));
        assertEquals(0, r.exit());
        assertEquals("done\n", r.out());
        assertEquals(300000, r.err().length());
    }

    @Test
    void aRootOwnedExecutableNobodyElseMayWriteIsFound() throws IOException {
        Path d = dir("good");
        Path p = file(d, TOOL, 0755, 0);
        assertEquals(Optional.of(p), HostTools.locate(TOOL, List.of(d)));
    }

    @ParameterizedTest(name = "mode {0} (octal {0}) is usable")
    @ValueSource(ints = {0755, 0750, 0700, 0555, 0500, 0511, 0100, 04755})
    void ownerOnlyWritableOrReadOnlyExecutablesAreFound(int mode) throws IOException {
        Path d = dir("good");
        Path p = file(d, TOOL, mode, 0);
        assertEquals(Optional.of(p), HostTools.locate(TOOL, List.of(d)), Integer.toOctalString(mode));
    }

    @ParameterizedTest(name = "mode {0} is refused")
    @ValueSource(ints = {0775, 0757, 0777, 0730, 0722, 0720, 0702, 0770, 0707})
    void aGroupOrWorldWritableExecutableIsRefused(int mode) throws IOException {
        Path d = dir("writable");
        file(d, TOOL, mode, 0);
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(d)), Integer.toOctalString(mode));
    }

    @ParameterizedTest(name = "mode {0} is refused")
    @ValueSource(ints = {0644, 0600, 0444, 0000})
    void aFileNobodyMayExecuteIsRefused(int mode) throws IOException {
        Path d = dir("noexec");
        file(d, TOOL, mode, 0);
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(d)), Integer.toOctalString(mode));
    }

    @ParameterizedTest(name = "owner uid {0} is refused")
    @ValueSource(ints = {1, 1000, 65534})
    void anExecutableOwnedBySomeoneElseIsRefused(int uid) throws IOException {
        Path d = dir("notroot");
        file(d, TOOL, 0755, uid);
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(d)));
    }

    @Test
    void aSymlinkToAGoodFileIsFoundUnderTheSymlinksPath() throws IOException {
        Path real = dir("real");
        Path target = file(real, "tool-1.2.3", 0755, 0);
        Path links = dir("links");
        Path link = Files.createSymbolicLink(links.resolve(TOOL), target);
        Optional<Path> found = HostTools.locate(TOOL, List.of(links));
        assertEquals(Optional.of(link), found);
        assertTrue(Files.isSymbolicLink(found.orElseThrow()));
    }

    @Test
    void aRelativeSymlinkChainToAGoodFileIsFound() throws IOException {
        Path d = dir("chain");
        file(d, "tool-real", 0755, 0);
        Files.createSymbolicLink(d.resolve("tool-mid"), Path.of("tool-real"));
        Path link = Files.createSymbolicLink(d.resolve(TOOL), Path.of("tool-mid"));
        assertEquals(Optional.of(link), HostTools.locate(TOOL, List.of(d)));
    }

    @Test
    void aSymlinkToAWritableFileIsRefused() throws IOException {
        Path real = dir("real");
        Path target = file(real, "tool-1.2.3", 0777, 0);
        Path links = dir("links");
        Files.createSymbolicLink(links.resolve(TOOL), target);
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(links)));
    }

    @Test
    void aSymlinkToAFileOfAnotherOwnerIsRefused() throws IOException {
        Path real = dir("real");
        Path target = file(real, "tool-1.2.3", 0755, 1000);
        Path links = dir("links");
        Files.createSymbolicLink(links.resolve(TOOL), target);
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(links)));
    }

    @Test
    void aDanglingSymlinkIsRefused() throws IOException {
        Path links = dir("links");
        Files.createSymbolicLink(links.resolve(TOOL), tmp.resolve("nowhere"));
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(links)));
    }

    @Test
    void aDirectoryOfThatNameIsRefused() throws IOException {
        Path d = dir("dirs");
        Path sub = Files.createDirectory(d.resolve(TOOL));
        Files.setAttribute(sub, "unix:mode", 0755);
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(d)));
    }

    @Test
    void aSymlinkToADirectoryIsRefused() throws IOException {
        Path d = dir("dirs");
        Files.createSymbolicLink(d.resolve(TOOL), dir("elsewhere"));
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(d)));
    }

    @Test
    void aMissingFileOrDirectoryIsNotFound() throws IOException {
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(dir("empty"))));
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(tmp.resolve("no-such-dir"))));
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of()));
    }

    @Test
    void theSearchGoesOnPastRefusedPlacesToTheFirstGoodOne() throws IOException {
        Path missing = tmp.resolve("no-such-dir");
        Path empty = dir("empty");
        Path writable = dir("writable");
        file(writable, TOOL, 0777, 0);
        Path notRoot = dir("notroot");
        file(notRoot, TOOL, 0755, 1000);
        Path directory = dir("dirs");
        Files.createDirectory(directory.resolve(TOOL));
        Path good = dir("good");
        Path expected = file(good, TOOL, 0755, 0);
        Path alsoGood = dir("alsogood");
        file(alsoGood, TOOL, 0755, 0);
        assertEquals(Optional.of(expected), HostTools.locate(TOOL,
                List.of(missing, empty, writable, notRoot, directory, good, alsoGood)));
        assertEquals(Optional.of(alsoGood.resolve(TOOL)), HostTools.locate(TOOL, List.of(alsoGood, good)));
    }

    @Test
    void onlyThatNameIsLookedFor() throws IOException {
        Path d = dir("good");
        file(d, "other", 0755, 0);
        assertEquals(Optional.empty(), HostTools.locate(TOOL, List.of(d)));
    }

    @Test
    void findNamesTheToolAndTheTrustedDirectoriesWhenItIsMissing() {
        LaunchFailedException e = assertThrows(LaunchFailedException.class,
                () -> HostTools.find("nucleus-test-no-such-tool"));
        assertTrue(e.getMessage().startsWith("nucleus-test-no-such-tool not found"), e.getMessage());
        assertTrue(e.getMessage().contains(HostTools.TRUSTED_DIRECTORIES.toString()), e.getMessage());
    }

    @Test
    void theTrustedDirectoriesAreFixedSystemDirectories() {
        assertEquals(List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"), Path.of("/bin")),
                HostTools.TRUSTED_DIRECTORIES);
    }
}
