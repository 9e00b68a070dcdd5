package dev.nucleus.linux.supervise;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@code nucleus logs}: prints a container's rotating log (oldest file first) to stdout and
 * stderr as the workload wrote them, optionally the last N lines only, with timestamps, and
 * following new output, across rotations, until the container has stopped.
 */
public final class ContainerLogs {
    private static final long POLL_MILLIS = 100;
    /**
     * What -f reads before it prints and looks at the log files again: small enough that the files
     * that follow are opened (and kept from deletion) while a fast writer rotates them.
     */
    private static final long CHUNK_BYTES = 1 << 20;

    private final Path dir;
    private final LogPrinter printer;

    public ContainerLogs(Path dir, PrintStream out, PrintStream err, boolean timestamps) {
        this.dir = dir;
        this.printer = new LogPrinter(out, err, timestamps);
    }

    /** Everything logged so far, or its last {@code lines} lines (negative: all). */
    public void print(int lines) throws IOException {
        List<LogLine> records = new ArrayList<>();
        for (Path file : RotatingLog.files(dir)) {
            records.addAll(parse(readAll(file)));
        }
        printer.print(lines < 0 ? records : lastLines(records, lines));
    }

    /**
     * Prints (the last {@code lines} of) what is there, then what follows, until {@code running}
     * turns false and everything written up to then is out.
     */
    public void follow(int lines, BooleanSupplier running) throws IOException, InterruptedException {
        // The current file is opened first: should it be rotated meanwhile, it is read through the
        // open channel, and the listing below (which then shows it as an old file) skips it.
        try (Tail tail = new Tail(dir)) {
            follow(tail, lines, running);
        }
    }

    private void follow(Tail tail, int lines, BooleanSupplier running) throws IOException, InterruptedException {
        Object current = tail.openNow();
        List<LogLine> records = new ArrayList<>();
        for (Path file : RotatingLog.files(dir)) {
            if (!file.getFileName().toString().equals(RotatingLog.FILE) && !sameFile(file, current)) {
                records.addAll(parse(readAll(file)));
            }
        }
        records.addAll(parse(tail.next(Long.MAX_VALUE)));
        printer.print(lines < 0 ? records : lastLines(records, lines));
        while (true) {
            boolean live = running.getAsBoolean(); // asked before reading: output written before it ended is not lost
            String more = tail.next(CHUNK_BYTES);
            printer.print(parse(more));
            if (more.isEmpty()) {
                if (!live) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /**
     * The records that make up the last {@code n} lines. A line is one stream's records up to a full
     * one (or its unfinished last records), and may be interleaved with the other stream's lines;
     * lines count by where they end.
     */
    static List<LogLine> lastLines(List<LogLine> records, int n) {
        Set<LogLine.Stream> seen = EnumSet.noneOf(LogLine.Stream.class);
        Set<LogLine.Stream> taking = EnumSet.noneOf(LogLine.Stream.class);
        boolean[] keep = new boolean[records.size()];
        int lines = 0;
        for (int i = records.size() - 1; i >= 0; i--) {
            LogLine r = records.get(i);
            boolean lastOfStream = seen.add(r.stream());
            if (!r.partial() || lastOfStream) { // a line of this stream ends here
                if (lines < n) {
                    lines++;
                    taking.add(r.stream());
                } else {
                    taking.remove(r.stream());
                }
            }
            keep[i] = taking.contains(r.stream());
        }
        List<LogLine> out = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                out.add(records.get(i));
            }
        }
        return out;
    }

    static List<LogLine> parse(String text) {
        List<LogLine> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                LogLine.parse(line).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The file's whole lines: a record still being written (no newline yet) may be cut anywhere, even in a character. */
    private static String readAll(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ""; // rotated away meanwhile
        }
        return new String(bytes, 0, lastNewline(bytes, bytes.length) + 1, StandardCharsets.UTF_8);
    }

    private static int lastNewline(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameFile(Path file, Object inode) {
        try {
            return inode != null && inode.equals(Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a growing file by whole lines and, once it has been rotated and read to its end, moves to
     * the file that came after it: found by the inode it was read from, not by name, since more than
     * one rotation may have happened meanwhile (a fast writer, or a slow reader of 10 MiB files), and
     * the newest file would skip the ones between. The files that follow are opened as soon as they
     * are seen (at most {@link #MAX_AHEAD}), so a rotation that deletes one before its turn does not
     * take its lines: the open channel keeps it. Only a file deleted before it was ever seen cannot be
     * read; the oldest file left is next then.
     */
    private static final class Tail implements AutoCloseable {
        private static final int ATTEMPTS = 10;
        /** Deleted files kept open take disk space until read: a reader far behind loses lines instead. */
        private static final int MAX_AHEAD = 4;
        private final java.util.ArrayDeque<Ahead> ahead = new java.util.ArrayDeque<>();
        private final Path dir;
        private final Path path;
        private FileChannel channel;
        private Object inode;
        private final java.io.ByteArrayOutputStream carry = new java.io.ByteArrayOutputStream();

        Tail(Path dir) {
            this.dir = dir;
            this.path = dir.resolve(RotatingLog.FILE);
        }

        /** Opens the file now, if it exists; returns its inode (null when there is none yet). */
        Object openNow() throws IOException {
            return open() ? inode : null;
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
            for (Ahead a : ahead) {
                a.channel().close();
            }
        }

        /** A file after the one being read, opened ahead of its turn. */
        private record Ahead(FileChannel channel, Object inode) {
        }

        /** Whole lines from at most about {@code limit} bytes more of the log. */
        String next(long limit) throws IOException {
            if (channel == null && !open()) {
                return "";
            }
            pinAhead();
            String text = drain(limit);
            Object now = currentInode();
            if (text.isEmpty() && now != null && !now.equals(inode)) {
                // rotated: read what was written to the old file after the read above (the rename came after
                // it), then go on in the file that followed it
                String rest = drain(Long.MAX_VALUE);
                channel.close();
                channel = null;
                Ahead following = ahead.pollFirst();
                if (following != null) {
                    channel = following.channel();
                    inode = following.inode();
                    return rest + drain(limit);
                }
                return rest + (openAfter(inode) ? drain(limit) : "");
            }
            return text;
        }

        /** Opens the files newer than the last one opened (the one being read, or the last ahead). */
        private void pinAhead() throws IOException {
            if (ahead.size() >= MAX_AHEAD) {
                return;
            }
            List<Path> files = RotatingLog.files(dir);
            List<Object> inodes = new ArrayList<>();
            for (Path f : files) {
                inodes.add(inodeOf(f));
            }
            Object last = ahead.isEmpty() ? inode : ahead.peekLast().inode();
            // Not listed: rotated away, so older than every file listed.
            for (int i = inodes.indexOf(last) + 1; i < files.size() && ahead.size() < MAX_AHEAD; i++) {
                if (inodes.get(i) == null) {
                    return; // being rotated right now: next time
                }
                FileChannel opened;
                try {
                    opened = FileChannel.open(files.get(i), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    return;
                }
                if (!inodes.get(i).equals(inodeOf(files.get(i)))) {
                    opened.close(); // renamed between the listing and the open: next time
                    return;
                }
                ahead.addLast(new Ahead(opened, inodes.get(i)));
            }
        }

        /**
         * Opens the current file, its inode read before and after the open: a rotation in between
         * would pair the old file's channel with the new file's inode, and the old file would then be
         * read twice (as an older file, and through the channel).
         */
        private boolean open() throws IOException {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Object before = inodeOf(path);
                if (before == null) {
                    return false;
                }
                FileChannel opened;
                try {
                    opened = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // being rotated right now
                }
                if (before.equals(inodeOf(path))) {
                    channel = opened;
                    inode = before;
                    return true;
                }
                opened.close();
            }
            return false;
        }

        /**
         * Opens the file that follows the one of inode {@code previous} in the rotation (oldest first:
         * {@code container.log.2}, {@code .1}, {@code container.log}). Names shift under a rotation, so
         * a file counts as opened only when its name showed the listed inode before and after the open.
         */
        private boolean openAfter(Object previous) throws IOException {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                List<Path> files = RotatingLog.files(dir);
                List<Object> inodes = new ArrayList<>();
                for (Path f : files) {
                    inodes.add(inodeOf(f));
                }
                int at = inodes.indexOf(previous);
                int next = at < 0 ? 0 : at + 1; // gone: rotated away, the oldest left follows it
                if (next >= files.size() || inodes.contains(null)) {
                    continue; // being rotated right now: list again
                }
                Path candidate = files.get(next);
                FileChannel opened;
                try {
                    opened = FileChannel.open(candidate, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (inodes.get(next).equals(inodeOf(candidate))) {
                    channel = opened;
                    inode = inodes.get(next);
                    return true;
                }
                opened.close(); // renamed between the listing and the open: list again
            }
            return open(); // the rotation never held still: the newest file, as a last resort
        }

        private static Object inodeOf(Path file) {
            try {
                return Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return null;
            }
        }

        private Object currentInode() throws IOException {
            try {
                return Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        /**
         * Whole lines read since the last call; a line still being written waits for its newline (as
         * bytes: it may end inside a character).
         */
        private String drain(long limit) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            long read = 0;
            while (read < limit && channel.read(buf) > 0) {
                read += buf.position();
                carry.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            byte[] bytes = carry.toByteArray();
            int end = lastNewline(bytes, bytes.length);
            if (end < 0) {
                return "";
            }
            carry.reset();
            carry.write(bytes, end + 1, bytes.length - end - 1);
            return new String(bytes, 0, end + 1, StandardCharsets.UTF_8);
        }
    }
}
