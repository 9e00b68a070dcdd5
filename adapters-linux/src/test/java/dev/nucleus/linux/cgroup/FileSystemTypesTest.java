package dev.nucleus.linux.cgroup;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FileSystemTypesTest {
    private final FileSystemTypes types = new FileSystemTypes(Path.of("/proc/self/mountinfo"));

    private static long dev(String path) throws Exception {
        return (Long) Files.getAttribute(Path.of(path), "unix:dev", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void theKernelsOwnFileSystemsAreNamedAsGetFileStoreNamesThem() throws Exception {
        for (String path : new String[]{"/proc", "/sys", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/unified", "/"}) {
            assertEquals(Optional.of(Files.getFileStore(Path.of(path)).type()), types.of(dev(path)), path);
        }
        assertEquals(Optional.of("proc"), types.of(dev("/proc/self/status")));
        assertEquals(Optional.of("cgroup"), types.of(dev("/sys/fs/cgroup/pids/cgroup.procs")));
        assertEquals(Optional.of("cgroup2"), types.of(dev("/sys/fs/cgroup/unified/cgroup.procs")));
    }

    @Test
    void aDeviceNoMountHasIsUnknown() throws Exception {
        assertEquals(Optional.empty(), types.of(FileSystemTypes.device(4095, 999_999)));
    }

    @Test
    void parsesMajorMinorAndTheTypeAfterTheSeparatorAndSkipsMalformedLines() {
        String text = """
                22 1 0:21 / /proc rw,nosuid shared:5 - proc proc rw
                30 25 0:26 / /sys/fs/cgroup/pids rw,nosuid shared:11 master:3 - cgroup cgroup rw,pids
                31 25 259:1 / /data rw - ext4 /dev/nvme0n1p1 rw
                garbage line
                32 25 x:y / /bad rw - tmpfs tmpfs rw
                33 25 0:40 / /no-type rw -
                34 25 041 / /no-colon rw - tmpfs tmpfs rw
                35 25 :41 / /no-major rw - tmpfs tmpfs rw
                """;
        assertEquals(Map.of(FileSystemTypes.device(0, 21), "proc", FileSystemTypes.device(0, 26), "cgroup",
                FileSystemTypes.device(259, 1), "ext4"), FileSystemTypes.parse(text));
    }

    @Test
    void encodesDevicesAsGlibcMakedev() {
        assertEquals(0x801L, FileSystemTypes.device(8, 1));
        assertEquals((259L << 8) | 0x2c | (0x100L << 12), FileSystemTypes.device(259, 300));
    }
}
