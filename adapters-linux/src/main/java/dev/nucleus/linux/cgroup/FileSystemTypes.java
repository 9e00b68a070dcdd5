package dev.nucleus.linux.cgroup;

import dev.nucleus.linux.probe.MountInfo;
import dev.nucleus.linux.sys.SmallFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The file-system type of a device number ({@code st_dev}), from {@code /proc/self/mountinfo}.
 * One {@code stat} of a control file then tells what it lives on, where
 * {@link java.nio.file.Files#getFileStore} resolves the real path and re-reads {@code /proc/mounts}
 * on every call (72 times per launch, which cost more than the rest of the cgroup work). The
 * table is read once and again only when a device is not in it (a mount made since).
 */
final class FileSystemTypes {
    private final Path mountinfo;
    private Map<Long, String> byDevice = Map.of();

    FileSystemTypes(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    /** The type of the file system on device {@code dev}, or empty when no mount has it. */
    synchronized Optional<String> of(long dev) throws IOException {
        String type = byDevice.get(dev);
        if (type == null) {
            reload();
            type = byDevice.get(dev);
        }
        return Optional.ofNullable(type);
    }

    /** Reads the table again (a launch has it read ahead, on another thread). */
    synchronized void reload() throws IOException {
        byDevice = parse(SmallFiles.read(mountinfo.toString()));
    }

    /** {@code id parent major:minor root mountpoint options [optional...] - fstype source superoptions}. */
    static Map<Long, String> parse(String text) {
        Map<Long, String> types = new HashMap<>();
        for (String line : text.split("\n")) {
            // Only the third field and the type are needed: found with indexOf, not a split of every field.
            int first = line.indexOf(' ');
            int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
            int third = second < 0 ? -1 : line.indexOf(' ', second + 1);
            int colon = third < 0 ? -1 : line.indexOf(':', second + 1);
            String type = MountInfo.fsType(line);
            if (third < 0 || colon < 0 || colon > third || type.isEmpty()) {
                continue; // malformed: skipped rather than guessed at
            }
            try {
                long major = Long.parseLong(line, second + 1, colon, 10);
                long minor = Long.parseLong(line, colon + 1, third, 10);
                types.putIfAbsent(device(major, minor), type);
            } catch (NumberFormatException e) {
                // malformed device field: skipped
            }
        }
        return types;
    }

    /** glibc's {@code makedev}: how the JDK's {@code unix:dev} attribute encodes a device. */
    static long device(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & 0xfffff000L) << 32) | (minor & 0xffL) | ((minor & 0xffffff00L) << 12);
    }
}
