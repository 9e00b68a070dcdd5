package dev.nucleus.linux.sys;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the small kernel files a launch consults before anything else ({@code /proc/self/status},
 * mountinfo, cgroup membership) through java.io. The JVM's own start has run java.io's calls; NIO's
 * first read costs a cold launch tenths of a millisecond of class set-up, on its critical path.
 */
public final class SmallFiles {
    private SmallFiles() {
    }

    /** The whole file as UTF-8 (the kernel writes these in ASCII; a mount point may hold UTF-8). */
    public static String read(String path) throws IOException {
        try (FileInputStream in = new FileInputStream(path)) {
            byte[] buf = new byte[8192];
            int len = 0;
            for (int n; (n = in.read(buf, len, buf.length - len)) > 0; ) {
                len += n;
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        }
    }

    /** Whether {@code path} is a directory this process may write (access(2) W_OK, as Files.isWritable). */
    public static boolean writableDirectory(String path) {
        File dir = new File(path);
        return dir.isDirectory() && dir.canWrite();
    }

    /** Whether {@code path} is a file this process may execute (access(2) X_OK, as Files.isExecutable). */
    public static boolean executable(String path) {
        return new File(path).canExecute();
    }
}
