package dev.nucleus.linux.jni;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loads {@code libnucleus.so} exactly once per JVM: the dist copy under
 * {@code ${nucleus.home}/lib} when present, else the copy packaged in this jar, extracted to a
 * per-user cache directory keyed by the sha256 computed at build time.
 */
public final class NativeLibrary {
    static final String LIB_NAME = "libnucleus.so";
    static final String RESOURCE_DIR = "/native/linux-x86_64/";

    /**
     * The modes of an extracted copy, held apart: only an extraction needs them, and an EnumSet's
     * first use reads its enum's constants by reflection (a tenth of a millisecond of the load an
     * installed start waits for).
     */
    static final class Modes {
        static final Set<PosixFilePermission> DIR_0700 = PosixFilePermissions.fromString("rwx------");
        static final Set<PosixFilePermission> FILE_0500 = PosixFilePermissions.fromString("r-x------");
        /** The shim: executable by anyone who may load the library, writable by nobody. */
        static final Set<PosixFilePermission> FILE_0555 = PosixFilePermissions.fromString("r-xr-xr-x");

        private Modes() {
        }
    }

    private static volatile Path loaded;

    private NativeLibrary() {
    }

    /** Whether this JVM has loaded the library (without loading it). */
    public static boolean isLoaded() {
        return loaded != null;
    }

    /** Loads the library if this JVM has not yet; returns the path it was loaded from. */
    public static Path load() {
        Path p = loaded;
        if (p != null) {
            return p;
        }
        synchronized (NativeLibrary.class) {
            if (loaded == null) {
                Path lib = locate(System.getProperty("nucleus.home"), NativeLibrary::defaultCacheRoot);
                System.load(lib.toAbsolutePath().toString());
                loaded = lib;
            }
            return loaded;
        }
    }

    /** The dist copy if it exists, else the jar's copy extracted under {@code cacheRoot}. */
    static Path locate(String nucleusHome, Path cacheRoot) {
        return locate(nucleusHome, () -> cacheRoot);
    }

    private static Path locate(String nucleusHome, Supplier<Path> cacheRoot) {
        if (nucleusHome != null && !nucleusHome.isBlank()) {
            // java.io's stat, not NIO's: the JVM's own start has run it, where NIO's first use in a
            // launch costs some 0.3 ms, on the way of everything native.
            File dist = new File(new File(nucleusHome, "lib"), LIB_NAME);
            if (dist.isFile()) {
                return dist.toPath();
            }
        }
        return extract(cacheRoot.get());
    }

    /** {@code $XDG_CACHE_HOME/nucleus/native}, or {@code ~/.cache/nucleus/native}. */
    static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && xdg.startsWith("/") ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("nucleus").resolve("native");
    }

    /**
     * Writes the packaged library to {@code cacheRoot/<sha256>/libnucleus.so} unless a copy with
     * the right hash is already there. Temp file + atomic rename, so a concurrent or interrupted
     * extraction never leaves a half-written library to load.
     */
    static Path extract(Path cacheRoot) {
        try {
            return extractResource(cacheRoot, LIB_NAME, Modes.FILE_0500);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + LIB_NAME + " under " + cacheRoot
                    + " (set XDG_CACHE_HOME to a writable directory, or -Dnucleus.home to an installed dist)", e);
        }
    }

    /**
     * Writes the packaged file {@code name} to {@code cacheRoot/<sha256 of libnucleus.so>/name}
     * with {@code perms} unless a copy with the build-time hash of {@code name} and those
     * permissions is already there (the shim lives next to the library it belongs to).
     */
    static Path extractResource(Path cacheRoot, String name, Set<PosixFilePermission> perms) throws IOException {
        String key = recordedSha256(LIB_NAME);
        byte[] bytes = resource(name);
        String expected = recordedSha256(name);
        String actual = sha256(bytes);
        if (!actual.equals(expected)) {
            throw new IllegalStateException("packaged " + name + " has sha256 " + actual
                    + " but the build recorded " + expected + "; the nucleus-native jar is corrupt");
        }
        Path dir = cacheRoot.resolve(key);
        createPrivateDirectories(dir);
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS).equals(perms)
                && sha256(Files.readAllBytes(target)).equals(expected)) {
            return target;
        }
        Path tmp = Files.createTempFile(dir, "." + name + "-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, perms);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static String recordedSha256(String name) {
        return new String(resource(name + ".sha256"), StandardCharsets.US_ASCII).strip();
    }

    /**
     * Creates missing directories as 0700, then refuses the key directory if it or its parent
     * is writable by others: whoever can write there could swap the code we are about to load.
     */
    private static void createPrivateDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        mkdirs0700(abs);
        for (Path p = abs; p != null && p.startsWith(abs.getParent()); p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IOException(p + " is writable by group or others; refusing to load native code from it");
            }
        }
    }

    private static void mkdirs0700(Path abs) throws IOException {
        if (Files.isDirectory(abs)) {
            return;
        }
        Path parent = abs.getParent();
        if (parent != null) {
            mkdirs0700(parent);
        }
        try {
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(Modes.DIR_0700));
        } catch (FileAlreadyExistsException raced) {
            // another JVM created it between our check and mkdir: it is checked by the caller
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NativeLibrary.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE_DIR + name + " is missing from the nucleus-native jar"
                        + " (only linux-x86_64 is built; os.arch here is " + System.getProperty("os.arch") + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE_DIR + name, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
