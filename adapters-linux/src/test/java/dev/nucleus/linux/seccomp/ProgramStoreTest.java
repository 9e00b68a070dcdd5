package dev.nucleus.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompProfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk program cache: reused across compilers (runs), and never trusted when it is not sound. */
class ProgramStoreTest {
    private static final SeccompProfile PROFILE = DefaultSeccompProfile.forRequest(false, false);
    @TempDir
    Path base;

    private int uid;

    @org.junit.jupiter.api.BeforeEach
    void owner() throws Exception {
        uid = (Integer) Files.getAttribute(base, "unix:uid"); // this process made it
    }

    private Path dir() {
        return base.resolve("cache").resolve("seccomp");
    }

    @Test
    void aSecondRunReadsTheProgramTheFirstCompiled() throws Exception {
        SeccompCompiler first = new SeccompCompiler();
        byte[] compiled = first.compile(PROFILE, new ProgramStore(dir(), uid)).bpf();
        assertEquals(1, first.compilations());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
        try (var files = Files.list(dir())) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(all.getFirst())));
        }
        SeccompCompiler second = new SeccompCompiler(); // a new process, as far as the cache knows
        assertArrayEquals(compiled, second.compile(PROFILE, new ProgramStore(dir(), uid)).bpf());
        assertEquals(0, second.compilations(), "read back, not compiled");
        assertArrayEquals(compiled, new SeccompCompiler().bpf(PROFILE), "the same program libseccomp makes");
    }

    @Test
    void aTamperedOrForeignFileIsIgnoredAndReplaced() throws Exception {
        byte[] compiled = new SeccompCompiler().compile(PROFILE, new ProgramStore(dir(), uid)).bpf();
        Path file;
        try (var files = Files.list(dir())) {
            file = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 1; // one bit of the program flipped: its checksum no longer matches
        Files.write(file, bytes);
        SeccompCompiler c = new SeccompCompiler();
        assertArrayEquals(compiled, c.compile(PROFILE, new ProgramStore(dir(), uid)).bpf());
        assertEquals(1, c.compilations(), "recompiled");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        SeccompCompiler d = new SeccompCompiler();
        d.compile(PROFILE, new ProgramStore(dir(), uid));
        assertEquals(1, d.compilations(), "a file others may write is not trusted");

        SeccompCompiler e = new SeccompCompiler();
        e.compile(PROFILE, new ProgramStore(dir(), uid + 1));
        assertEquals(1, e.compilations(), "a file of another owner is not trusted");
    }

    @Test
    void malformedFilesParseToNothing() {
        ProgramStore.Source source = new ProgramStore.Source("libseccomp 2.5.4", new byte[] {1, 2, 3});
        assertTrue(ProgramStore.parse("k", source, new byte[0]).isEmpty());
        assertTrue(ProgramStore.parse("k", source, "nucleus-bpf 1\nabc\n\n12345678".getBytes()).isEmpty());
        assertTrue(ProgramStore.parse("k", source, "other 1\nx\n\n".getBytes()).isEmpty());
        assertTrue(ProgramStore.parse("k", source,
                "nucleus-bpf 2\n00000000\nlibseccomp 2.5.4\n\nlots\n".getBytes()).isEmpty());
        assertTrue(ProgramStore.parse("k", source,
                "nucleus-bpf 2\n00000000\nlibseccomp 2.5.4\n\n9\n\1\2\3".getBytes()).isEmpty(), "truncated");
    }

    /**
     * The key only spreads files: a file under the right name, compiled from another profile (a
     * collision of its 32-bit key) or by another libseccomp, is never used for this one.
     */
    @Test
    void aFileCompiledFromAnythingElseIsNotUsedEvenUnderTheSameName() throws Exception {
        SeccompProfile other = DefaultSeccompProfile.forRequest(true, false);
        new SeccompCompiler().compile(other, new ProgramStore(dir(), uid));
        Path otherFile;
        try (var files = Files.list(dir())) {
            otherFile = files.findFirst().orElseThrow();
        }
        ProgramStore.Source mine = new ProgramStore.Source(SeccompCompiler.libseccompVersion(), PROFILE.canonicalEncoding());
        Files.copy(otherFile, dir().resolve(mine.key() + ".bpf"));
        SeccompCompiler c = new SeccompCompiler();
        byte[] got = c.compile(PROFILE, new ProgramStore(dir(), uid)).bpf();
        assertEquals(1, c.compilations(), "another profile's program under this key is recompiled, not used");
        assertArrayEquals(new SeccompCompiler().bpf(PROFILE), got);

        byte[] own = Files.readAllBytes(dir().resolve(mine.key() + ".bpf"));
        ProgramStore.Source olderLibrary = new ProgramStore.Source("libseccomp 0.0.1", mine.encoding());
        assertTrue(ProgramStore.parse("k", mine, own).isPresent());
        assertTrue(ProgramStore.parse("k", olderLibrary, own).isEmpty(), "compiled by another libseccomp");
    }

    @Test
    void anUnwritableDirectoryOnlyCostsACompile() throws Exception {
        Files.writeString(base.resolve("cache"), "a file where the directory would go");
        SeccompCompiler c = new SeccompCompiler();
        assertArrayEquals(new SeccompCompiler().bpf(PROFILE), c.compile(PROFILE, new ProgramStore(dir(), uid)).bpf());
    }

    /** The encoding check: the bytes at the offset, all of them, and nothing else. */
    @Test
    void theStoredEncodingMustBeTheAskedOneByteForByte() {
        byte[] asked = new byte[6000];
        new java.util.Random(7).nextBytes(asked);
        byte[] file = new byte[10 + asked.length + 16];
        System.arraycopy(asked, 0, file, 10, asked.length);
        org.junit.jupiter.api.Assertions.assertTrue(ProgramStore.sameBytes(file, 10, asked));
        org.junit.jupiter.api.Assertions.assertFalse(ProgramStore.sameBytes(file, 9, asked), "another offset");
        for (int at : new int[] {0, 2999, asked.length - 1}) {
            byte[] changed = file.clone();
            changed[10 + at] ^= 1;
            org.junit.jupiter.api.Assertions.assertFalse(ProgramStore.sameBytes(changed, 10, asked), "byte " + at);
        }
    }
}
