package dev.nucleus.linux.cgroup;

import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.ports.CgroupException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads and writes cgroup control files without following symlinks. A control file exists as
 * soon as its cgroup directory does, so nothing is ever created here: the file is opened with
 * {@code O_NOFOLLOW} and without {@code O_CREAT}, must be a regular file, and must live on a file
 * system of an accepted type ({@code cgroup}/{@code cgroup2} in production), so a file or a
 * symlink planted at a control-file path is refused rather than written through.
 */
public final class ControlFiles {
    /** The production guard: control files live on cgroupfs. */
    public static final ControlFiles CGROUPFS = new ControlFiles(Set.of("cgroup", "cgroup2"));


    private final Set<String> fsTypes;
    private final FileSystemTypes mounts = new FileSystemTypes(Path.of("/proc/self/mountinfo"));

    /** A writer accepting files on these file-system types (tests use a tmp directory's type). */
    public ControlFiles(Set<String> fsTypes) {
        this.fsTypes = Set.copyOf(fsTypes);
    }

    /** Reads the mount table this guard checks file systems against (see {@link LinuxCgroupDriver#resolveAhead}). */
    void resolveMountsAhead() throws IOException {
        mounts.reload();
    }


    /** Writes {@code value} in a single write(2), as cgroupfs expects one value per write. */
    public void write(Path dir, String name, String value) throws CgroupException {
        Path file = control(dir, name);
        String what = "write " + file + " = \"" + value + "\"";
        verify(file, what);
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        try {
            int written = NativeFiles.writeNoFollow(file, bytes);
            if (written != bytes.length) {
                throw new CgroupException(what + ": short write (" + written + " of " + bytes.length + " bytes)");
            }
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    /** Reads a control file whole. */
    public String read(Path dir, String name) throws CgroupException {
        Path file = control(dir, name);
        String what = "read " + file;
        verify(file, what);
        try {
            return new String(NativeFiles.readNoFollow(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    /** True when the control file is there (as a file, symlinks not followed). */
    public boolean exists(Path dir, String name) {
        return NativeFiles.exists(control(dir, name));
    }

    /**
     * Checks that {@code dir} is a real directory (not a symlink) on an accepted file system:
     * the guard for directories the driver did not create itself, such as the shared parent.
     */
    public void verifyDirectory(Path dir) throws CgroupException {
        verifyDirectory(dir, stat(dir, "stat " + dir));
    }

    /**
     * As {@link #verifyDirectory}, for a directory that may be gone (another process's teardown
     * removing it meanwhile): false when nothing is at {@code dir}, from the same one stat.
     */
    public boolean verifyDirectoryIfPresent(Path dir) throws CgroupException {
        NativeFiles.Lstat a;
        try {
            a = NativeFiles.lstat(dir);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw failure("stat " + dir, e);
        }
        verifyDirectory(dir, a);
        return true;
    }

    private void verifyDirectory(Path dir, NativeFiles.Lstat a) throws CgroupException {
        if (!a.directory()) {
            throw new CgroupException("refusing " + dir + ": " + (a.symlink() ? "a symlink" : "not a directory")
                    + " where a cgroup directory belongs");
        }
        verifyFileSystem(a, "stat " + dir);
    }

    private static Path control(Path dir, String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a control file name: " + name);
        }
        return dir.resolve(name);
    }

    private void verify(Path file, String what) throws CgroupException {
        NativeFiles.Lstat a = stat(file, what);
        if (a.symlink()) {
            throw new CgroupException(what + ": refusing a symlink at a cgroup control file");
        }
        if (!a.regularFile()) {
            throw new CgroupException(what + ": not a cgroup control file (not a regular file)");
        }
        verifyFileSystem(a, what);
    }

    private static NativeFiles.Lstat stat(Path path, String what) throws CgroupException {
        try {
            return NativeFiles.lstat(path);
        } catch (IOException e) {
            throw failure(what, e);
        }
    }

    /** The file system is told by the file's device, so it is the one the file really is on. */
    private void verifyFileSystem(NativeFiles.Lstat a, String what) throws CgroupException {
        String type;
        try {
            type = mounts.of(a.device()).orElseThrow(() -> new CgroupException(what
                    + ": refusing a file on a device no mount of /proc/self/mountinfo has"));
        } catch (IOException e) {
            throw failure(what + " (reading /proc/self/mountinfo)", e);
        }
        if (!fsTypes.contains(type)) {
            throw new CgroupException(what + ": refusing a file on a " + type + " file system where a cgroup control file "
                    + "belongs (expected " + String.join(" or ", new java.util.TreeSet<>(fsTypes)) + ")");
        }
    }

    /** {@code <what>: <kernel reason>}, e.g. {@code ...: Invalid argument}. */
    static CgroupException failure(String what, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "No such file or directory (ENOENT)";
        } else if (e instanceof AccessDeniedException) {
            reason = "Permission denied (EACCES)";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason();
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new CgroupException(what + ": " + reason, e);
    }
}
