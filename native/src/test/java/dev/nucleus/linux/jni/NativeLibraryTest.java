package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {

    private static String packagedSha() throws IOException {
        try (InputStream in = NativeLibrary.class.getResourceAsStream("/native/linux-x86_64/libnucleus.so.sha256")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    @Test
    void extractsUnderBuildTimeHashWithPrivateDirectories(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("cache/nucleus/native");
        Path lib = NativeLibrary.extract(root);

        String sha = packagedSha();
        assertEquals(root.resolve(sha).resolve("libnucleus.so"), lib);
        assertEquals(sha, NativeLibrary.sha256(Files.readAllBytes(lib)));
        for (Path d : new Path[] {tmp.resolve("cache"), tmp.resolve("cache/nucleus"), root, root.resolve(sha)}) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)), d.toString());
        }
        assertEquals("r-x------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lib)));
        try (var files = Files.list(root.resolve(sha))) {
            assertEquals(1, files.count(), "no temp file may be left behind");
        }
    }

    @Test
    void reExtractionReplacesATamperedCopy(@TempDir Path tmp) throws IOException {
        Path lib = NativeLibrary.extract(tmp);
        byte[] good = Files.readAllBytes(lib);
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rw-------"));
        Files.write(lib, new byte[] {1, 2, 3});

        assertEquals(lib, NativeLibrary.extract(tmp));
        assertArrayEquals(good, Files.readAllBytes(lib));
    }

    @Test
    void refusesAKeyDirectoryOthersCanWrite(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve(packagedSha());
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> NativeLibrary.extract(tmp));
        assertEquals(true, e.getCause().getMessage().contains("writable by group or others"), e.getCause().getMessage());
    }

    @Test
    void prefersTheDistCopyUnderNucleusHome(@TempDir Path tmp) throws IOException {
        Path home = tmp.resolve("dist");
        Path dist = home.resolve("lib/libnucleus.so");
        Files.createDirectories(dist.getParent());
        Files.write(dist, new byte[] {0});

        assertEquals(dist, NativeLibrary.locate(home.toString(), tmp.resolve("cache")));
        assertEquals(false, Files.exists(tmp.resolve("cache")), "nothing extracted when the dist copy exists");
    }

    @Test
    void fallsBackToExtractionWhenTheDistHasNoLibrary(@TempDir Path tmp) throws IOException {
        Path lib = NativeLibrary.locate(tmp.resolve("no-such-dist").toString(), tmp.resolve("cache"));
        assertEquals(tmp.resolve("cache").resolve(packagedSha()).resolve("libnucleus.so"), lib);
    }

    @Test
    void loadsOnceAndReturnsTheSamePath() {
        Path first = NativeLibrary.load();
        assertEquals(first, NativeLibrary.load());
        assertEquals(true, Files.isRegularFile(first));
    }
}
