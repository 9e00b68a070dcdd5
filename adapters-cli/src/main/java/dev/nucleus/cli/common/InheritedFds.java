package dev.nucleus.cli.common;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fds a process of the CLI inherited from its caller, and how each is open. Taken at the
 * command's start, they are the fds open then and not close-on-exec, less the JVM's own: before
 * {@code main} the JVM opens its modules image and jars without close-on-exec, and later
 * our threads open files too. Any of those could otherwise sit at a number the caller never passed
 * and be read or written as if passed ({@code --env-fd 3} read the modules image). An fd in the
 * snapshot stays open, so no later open can take its number.
 *
 * @param accessByFd each inherited fd and its access mode ({@code O_RDONLY}, {@code O_WRONLY} or
 *                   {@code O_RDWR})
 */
public record InheritedFds(Map<Integer, Integer> accessByFd) implements CallerFds {
    private static final int O_ACCMODE = 3;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 02000000;

    public InheritedFds {
        accessByFd = Map.copyOf(accessByFd);
    }

    /** This process's inherited fds, now: call it before starting a thread or opening a file. */
    public static InheritedFds snapshot() {
        String[] names = new File("/proc/self/fd").list();
        Map<Integer, Integer> access = new HashMap<>();
        Set<Object> jvmFiles = null;
        for (String name : names == null ? new String[0] : names) {
            int fd = Integer.parseInt(name);
            int flags = flags(fd);
            if (flags < 0 || (flags & O_CLOEXEC) != 0) {
                continue; // gone (the listing's own fd) or not inherited across exec
            }
            if ((flags & O_ACCMODE) == O_RDONLY) {
                jvmFiles = jvmFiles == null ? jvmFileKeys() : jvmFiles;
                if (jvmFiles.contains(fileKey(Path.of("/proc/self/fd/" + fd)))) {
                    continue;
                }
            }
            access.put(fd, flags & O_ACCMODE);
        }
        return new InheritedFds(access);
    }

    @Override
    public Path readable(String option, int fd) throws UsageException {
        return passed(option, fd, O_WRONLY, "reading", fd + "<file");
    }

    @Override
    public Path writable(String option, int fd) throws UsageException {
        return passed(option, fd, O_RDONLY, "writing", fd + ">>events.jsonl");
    }

    /** The path of {@code fd} when the caller passed it and it is not open only the {@code refused} way. */
    private Path passed(String option, int fd, int refused, String purpose, String example) throws UsageException {
        Integer access = accessByFd.get(fd);
        if (access == null) {
            throw new UsageException(option + " " + fd + ": no such open file descriptor (the caller must pass it,"
                    + " e.g. " + example + ")");
        }
        if (access == refused) {
            throw new UsageException(option + " " + fd + ": not an inherited file descriptor open for " + purpose
                    + " (pass one with e.g. " + example + ")");
        }
        return Path.of("/proc/self/fd/" + fd);
    }

    /** The fd's open flags from fdinfo, or -1 when it is no longer open. */
    private static int flags(int fd) {
        String info;
        try {
            info = new String(Files.readAllBytes(Path.of("/proc/self/fdinfo/" + fd)), StandardCharsets.US_ASCII);
        } catch (IOException gone) {
            return -1;
        }
        int at = info.indexOf("flags:");
        if (at < 0) {
            return -1;
        }
        int end = info.indexOf('\n', at);
        return Integer.parseInt(info.substring(at + "flags:".length(), end < 0 ? info.length() : end).strip(), 8);
    }

    /**
     * The identities of the files the JVM opens for itself: its modules image, the jars of the
     * boot class path (bin/nucleus appends most jars there; the JVM opens each at start and keeps
     * it open) and the class path.
     */
    private static Set<Object> jvmFileKeys() {
        Set<Object> keys = new HashSet<>();
        keys.add(fileKey(Path.of(System.getProperty("java.home"), "lib", "modules")));
        for (String paths : List.of(bootClassPathAppended(), System.getProperty("java.class.path", ""))) {
            for (String entry : paths.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    keys.add(fileKey(Path.of(entry)));
                }
            }
        }
        keys.remove(NO_KEY);
        return keys;
    }

    private static final String BOOT_APPEND = "-Xbootclasspath/a:";

    /** The JVM's {@code -Xbootclasspath/a}, from its command line: it removes the property at start. */
    private static String bootClassPathAppended() {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException unreadable) {
            return "";
        }
        StringBuilder paths = new StringBuilder();
        for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
            if (arg.startsWith(BOOT_APPEND)) {
                paths.append(File.pathSeparator).append(arg, BOOT_APPEND.length(), arg.length());
            }
        }
        return paths.toString();
    }

    private static final Object NO_KEY = new Object();

    private static Object fileKey(Path path) {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null ? NO_KEY : key;
        } catch (IOException | RuntimeException unreadable) {
            return NO_KEY;
        }
    }
}
