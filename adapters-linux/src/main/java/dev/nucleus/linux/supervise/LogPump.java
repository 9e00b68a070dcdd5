package dev.nucleus.linux.supervise;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Copies one stream of the workload's output into the log, a record per line. Output without a
 * newline yet (a prompt) is written as a partial record as soon as nothing more is waiting, and a
 * line longer than {@code MAX_LINE} is cut into partial records: nothing is held back or lost.
 */
final class LogPump implements Runnable {
    static final int MAX_LINE = 16 * 1024;

    private final InputStream in;
    private final LogLine.Stream stream;
    private final RotatingLog log;
    /** Waiting in read with everything read before in the log; how many reads returned; at its end. */
    private volatile boolean waiting;
    private volatile long reads;
    private volatile boolean ended;
    private Thread thread;

    LogPump(InputStream in, LogLine.Stream stream, RotatingLog log) {
        this.in = in;
        this.stream = stream;
        this.log = log;
    }

    /** Runs on a daemon thread of its own; the pump is returned, its thread is {@link #thread}. */
    static LogPump start(InputStream in, LogLine.Stream stream, RotatingLog log) {
        LogPump pump = new LogPump(in, stream, log);
        pump.thread = Thread.ofPlatform().daemon().name("nucleus-log-" + stream.word()).unstarted(pump);
        pump.thread.start();
        return pump;
    }

    Thread thread() {
        return thread;
    }

    /**
     * Whether everything written into the pipe so far is in the log (or dropped, when the log cannot
     * be written): the pump waits in read on an empty pipe, or has ended. A read that returned but
     * whose thread has not yet said so looks caught up for that instant: {@link #awaitCaughtUp}
     * looks twice, with no read between.
     */
    private boolean caughtUp() {
        try {
            return ended || (waiting && in.available() == 0);
        } catch (IOException e) {
            return true; // the pipe is gone: nothing more will come
        }
    }

    /**
     * Whether every pump {@linkplain #caughtUp caught up} at two looks 2 ms apart with no read
     * between, within {@code maxMillis}.
     */
    static boolean awaitCaughtUp(java.util.List<LogPump> pumps, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            long[] before = new long[pumps.size()];
            boolean idle = true;
            for (int i = 0; i < pumps.size() && idle; i++) {
                before[i] = pumps.get(i).reads;
                idle = pumps.get(i).caughtUp();
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            for (int i = 0; i < pumps.size() && idle; i++) {
                idle = pumps.get(i).caughtUp() && pumps.get(i).reads == before[i];
            }
            if (idle) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (in) {
            int n;
            while ((n = read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        emit(line, false);
                    } else {
                        line.write(buf[i]);
                        if (line.size() >= MAX_LINE) {
                            emitPartial(line);
                        }
                    }
                }
                if (line.size() > 0 && in.available() == 0) {
                    emitPartial(line);
                }
            }
            if (line.size() > 0) {
                emit(line, true);
            }
        } catch (IOException e) {
            // the log cannot be written (disk full, directory removed by rm --force): the pipe
            // stays drained below so that the workload never blocks on a full pipe
            drain(buf);
        } finally {
            ended = true;
        }
    }

    private int read(byte[] buf) throws IOException {
        waiting = true;
        try {
            return in.read(buf);
        } finally {
            waiting = false;
            reads++; // this thread alone writes it
        }
    }

    private void emit(ByteArrayOutputStream line, boolean partial) throws IOException {
        log.append(new LogLine(Instant.now(), stream, partial, line.toString(StandardCharsets.UTF_8)));
        line.reset();
    }

    /**
     * A partial record of what is there, but for a UTF-8 sequence still unfinished at its end: that
     * waits for its other bytes, so that no character is cut in two (and lost to U+FFFD).
     */
    private void emitPartial(ByteArrayOutputStream line) throws IOException {
        byte[] bytes = line.toByteArray();
        int end = wholeCharacters(bytes);
        if (end == 0) {
            return;
        }
        log.append(new LogLine(Instant.now(), stream, true, new String(bytes, 0, end, StandardCharsets.UTF_8)));
        line.reset();
        line.write(bytes, end, bytes.length - end);
    }

    /** The length of {@code bytes} without an unfinished UTF-8 sequence at its end. */
    static int wholeCharacters(byte[] bytes) {
        for (int i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                return bytes.length; // ASCII: nothing unfinished
            }
            if (b >= 0xC0) { // the lead byte of the last sequence
                int length = b >= 0xF8 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return i + length > bytes.length ? i : bytes.length;
            }
        }
        return bytes.length; // continuation bytes without a lead: not UTF-8, passed on as they are
    }

    private void drain(byte[] buf) {
        try {
            while (read(buf) > 0) {
                // discarded
            }
        } catch (IOException ignored) {
            // the pipe is gone too
        }
    }
}
