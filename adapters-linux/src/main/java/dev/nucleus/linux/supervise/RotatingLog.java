package dev.nucleus.linux.supervise;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * A size-capped log: {@code container.log} grows to {@code maxBytes}, then becomes
 * {@code container.log.1} (the older ones shift up, the oldest beyond {@code keep} goes), so a
 * chatty workload can never fill the state directory's file system. Files are 0600: output may
 * hold whatever the workload printed. Lines that arrive before the container's directory exists
 * wait in a small buffer.
 */
public final class RotatingLog implements AutoCloseable {
    public static final String FILE = "container.log";
    public static final long DEFAULT_MAX_BYTES = 10L << 20;
    public static final int DEFAULT_KEEP = 2;
    private static final int MAX_PENDING = 256;

    private final Path dir;
    private final long maxBytes;
    private final int keep;
    private final Deque<LogLine> pending = new ArrayDeque<>();
    private FileChannel out;
    private long size;

    public RotatingLog(Path dir, long maxBytes, int keep) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    /** The log files of {@code dir}, oldest first (the ones that exist). */
    public static java.util.List<Path> files(Path dir) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        for (int i = 9; i >= 1; i--) {
            Path p = dir.resolve(FILE + "." + i);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
            }
        }
        Path current = dir.resolve(FILE);
        if (Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
            out.add(current);
        }
        return out;
    }

    public synchronized void append(LogLine line) throws IOException {
        if (out == null && !open()) {
            if (pending.size() == MAX_PENDING) {
                pending.removeFirst();
            }
            pending.addLast(line);
            return;
        }
        while (!pending.isEmpty()) {
            write(pending.removeFirst());
        }
        write(line);
    }

    private void write(LogLine line) throws IOException {
        byte[] bytes = line.format().getBytes(StandardCharsets.UTF_8);
        if (size > 0 && size + bytes.length > maxBytes) {
            rotate();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        size += bytes.length;
    }

    private boolean open() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        out = FileChannel.open(dir.resolve(FILE), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        size = out.size();
        return true;
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(dir.resolve(FILE + "." + keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = dir.resolve(FILE + "." + i);
            if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(from, dir.resolve(FILE + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep >= 1) {
            Files.move(dir.resolve(FILE), dir.resolve(FILE + ".1"), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(dir.resolve(FILE));
        }
        out = null;
        if (!open()) {
            throw new IOException(dir + " disappeared");
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
