package dev.nucleus.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of this JVM's real fds count as passed by a caller, and how each may be used. */
class InheritedFdsTest {
    @TempDir
    Path dir;

    /** The fds open now, less the listing's own (closed once it is read). */
    private static Set<Integer> openFds() {
        Set<Integer> fds = new HashSet<>();
        for (String n : new java.io.File("/proc/self/fd").list()) {
            if (Files.exists(Path.of("/proc/self/fd/" + n))) {
                fds.add(Integer.parseInt(n));
            }
        }
        return fds;
    }

    /** The fd a block opened, found by listing before and after it. */
    private interface Opener {
        AutoCloseable open() throws IOException;
    }

    /** One fd the opener made (a selector makes two, both close-on-exec). */
    private record Opened(int fd, AutoCloseable resource) {
    }

    private static Opened newFd(Opener opener) throws IOException {
        Set<Integer> before = openFds();
        AutoCloseable resource = opener.open();
        Set<Integer> after = openFds();
        after.removeAll(before);
        assertTrue(!after.isEmpty(), "a new fd");
        return new Opened(after.iterator().next(), resource);
    }

    @Test
    void aFileOpenedWithoutCloseOnExecCountsWithItsAccessMode() throws Exception {
        Path file = Files.writeString(dir.resolve("env.json"), "{\"K\":\"v\"}");
        Opened reader = newFd(() -> new FileInputStream(file.toFile()));
        Opened writer = newFd(() -> new FileOutputStream(dir.resolve("events").toFile()));
        try (AutoCloseable r = reader.resource(); AutoCloseable w = writer.resource()) {
            InheritedFds fds = InheritedFds.snapshot();
            Path path = fds.readable("--env-fd", reader.fd());
            assertEquals("{\"K\":\"v\"}", Files.readString(path), "the path reads the very file passed");
            assertEquals(Path.of("/proc/self/fd/" + writer.fd()), fds.writable("--events-fd", writer.fd()));
            UsageException notReadable = assertThrows(UsageException.class, () -> fds.readable("--env-fd", writer.fd()));
            assertEquals("--env-fd " + writer.fd() + ": not an inherited file descriptor open for reading (pass one with e.g. "
                    + writer.fd() + "<file)", notReadable.getMessage());
            UsageException notWritable = assertThrows(UsageException.class, () -> fds.writable("--events-fd", reader.fd()));
            assertTrue(notWritable.getMessage().startsWith("--events-fd " + reader.fd()
                    + ": not an inherited file descriptor open for writing"), notWritable.getMessage());
        }
    }

    @Test
    void closeOnExecFdsAndTheJvmsOwnFilesAreNotTheCallers() throws Exception {
        Opened selector = newFd(() -> {
            Selector s = Selector.open(); // epoll_create1(EPOLL_CLOEXEC)
            return s;
        });
        try (AutoCloseable s = selector.resource()) {
            InheritedFds fds = InheritedFds.snapshot();
            assertNotPassed(fds, selector.fd());
            int modules = fdOf(Path.of(System.getProperty("java.home"), "lib", "modules"));
            assertNotPassed(fds, modules);
        }
    }

    @Test
    void aNumberNotOpenAtTheSnapshotIsRefusedEvenIfOpenedLater() throws Exception {
        InheritedFds fds = InheritedFds.snapshot();
        Path file = Files.writeString(dir.resolve("later"), "x");
        Opened later = newFd(() -> new FileInputStream(file.toFile()));
        try (AutoCloseable r = later.resource()) {
            assertNotPassed(fds, later.fd());
        }
        assertNotPassed(CallerFds.none(), 0);
    }

    @Test
    void fdNumbersAreCheckedAsNumbers() throws Exception {
        assertEquals(7, CallerFds.number("--events-fd", "7"));
        for (String bad : List.of("x", "-1", "", "3.0", "99999999999")) {
            UsageException e = assertThrows(UsageException.class, () -> CallerFds.number("--events-fd", bad));
            assertEquals("--events-fd " + bad + ": not a file descriptor number", e.getMessage());
        }
    }

    private static void assertNotPassed(CallerFds fds, int fd) {
        UsageException e = assertThrows(UsageException.class, () -> fds.readable("--config-fd", fd));
        assertEquals("--config-fd " + fd + ": no such open file descriptor (the caller must pass it, e.g. " + fd
                + "<file)", e.getMessage());
    }

    private static int fdOf(Path target) throws IOException {
        for (int fd : openFds()) {
            try {
                if (Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).equals(target.toRealPath())) {
                    return fd;
                }
            } catch (IOException gone) {
                // the listing's own fd
            }
        }
        throw new AssertionError(target + " is not open in this JVM");
    }
}
