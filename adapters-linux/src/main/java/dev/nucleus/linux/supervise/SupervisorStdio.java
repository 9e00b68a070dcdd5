package dev.nucleus.linux.supervise;

import dev.nucleus.linux.jni.NativeDaemon;
import dev.nucleus.linux.jni.NativeShim;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A supervisor's stdio. It starts with stdout, stderr and fd 3 on the pipe the waiting command
 * reads ({@link BuiltinSupervisor}); this moves stdout and stderr onto pipes whose contents go
 * to the container's rotating log (the shim and the workload inherit them), keeps fd 3 as the
 * status channel for what the launch says until the container runs, and then closes it.
 */
public final class SupervisorStdio {
    private static final int STATUS_FD = 3;

    private final OutputStream status;
    private final RotatingLog log;
    private final java.util.List<LogPump> pumps;
    private boolean reported;
    /** Whether what the waiting command was sent ends a line (the marker must start one). */
    private boolean atLineStart = true;

    private SupervisorStdio(OutputStream status, RotatingLog log, java.util.List<LogPump> pumps) {
        this.status = status;
        this.log = log;
        this.pumps = pumps;
    }

    /** Takes over this process's stdio; the log goes to {@code containerDir} once it exists. */
    public static SupervisorStdio take(Path containerDir) throws IOException {
        OutputStream status = new FileOutputStream("/proc/self/fd/" + STATUS_FD); // close-on-exec, unlike fd 3
        NativeShim.close(STATUS_FD);
        RotatingLog log = new RotatingLog(containerDir, RotatingLog.DEFAULT_MAX_BYTES, RotatingLog.DEFAULT_KEEP);
        return new SupervisorStdio(status, log, java.util.List.of(
                LogPump.start(redirect(1), LogLine.Stream.STDOUT, log),
                LogPump.start(redirect(2), LogLine.Stream.STDERR, log)));
    }

    /** A pipe onto {@code fd}; returns its read end. */
    private static InputStream redirect(int fd) throws IOException {
        int[] pipe = NativeDaemon.pipe();
        NativeDaemon.dup2(pipe[1], fd);
        NativeShim.close(pipe[1]);
        InputStream in = new FileInputStream("/proc/self/fd/" + pipe[0]);
        NativeShim.close(pipe[0]);
        return in;
    }

    /** Where the launch's messages go: to the waiting command until it was told, then the log's stderr. */
    public PrintWriter messages() {
        OutputStream bytes = messageBytes();
        // unbuffered: each print is where it belongs at the moment it is made (before or after the report)
        return new PrintWriter(new java.io.Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                bytes.write(new String(cbuf, off, len).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void flush() throws IOException {
                bytes.flush();
            }

            @Override
            public void close() {
            }
        }, true);
    }

    /**
     * {@link #messages()} as bytes, for what others print (a hook's output): the bytes go as they
     * are, in order with the messages.
     */
    public OutputStream messageBytes() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (SupervisorStdio.this) {
                    if (!reported) {
                        status.write(b, off, len);
                        status.flush();
                        if (len > 0) {
                            atLineStart = b[off + len - 1] == '\n';
                        }
                        return;
                    }
                }
                System.err.write(b, off, len);
                System.err.flush();
            }

            @Override
            public void flush() throws IOException {
                synchronized (SupervisorStdio.this) {
                    if (!reported) {
                        status.flush();
                        return;
                    }
                }
                System.err.flush();
            }
        };
    }

    /** The container runs: the waiting command may exit 0. */
    public synchronized void started() {
        report(StatusMarker.STARTED);
    }

    /** The launch ended before (or instead of) running; its status goes to the waiting command. */
    public synchronized void exited(int exitStatus) {
        report(StatusMarker.exit(exitStatus));
    }

    private void report(String marker) {
        if (reported) {
            return;
        }
        reported = true;
        try (status) {
            status.write(((atLineStart ? "" : "\n") + marker + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command waiting for us is gone (killed): nobody left to tell
        }
    }

    /**
     * Returns once what the workload wrote is in the log (each pump waits in read on an empty pipe,
     * seen twice a few ms apart with no read between), or after {@code maxMillis}: called when the
     * workload has ended, before its end is recorded, so that {@code logs -f}, which follows until
     * then, gets its last lines. The pipes stay open (a restart writes into them again).
     */
    public void awaitLogged(long maxMillis) {
        LogPump.awaitCaughtUp(pumps, maxMillis);
    }

    /**
     * At the end: stdout and stderr go to /dev/null, which closes the last write ends of the log
     * pipes, so the pumps write out everything the workload printed before they stop.
     */
    public void close() {
        System.out.flush();
        System.err.flush();
        try {
            NativeDaemon.devNullOnto(1);
            NativeDaemon.devNullOnto(2);
        } catch (RuntimeException ignored) {
            // the pumps are daemon threads: at worst the last lines are cut
        }
        for (LogPump pump : pumps) {
            try {
                pump.thread().join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            log.close();
        } catch (IOException ignored) {
            // nothing more can be written anyway
        }
    }
}
