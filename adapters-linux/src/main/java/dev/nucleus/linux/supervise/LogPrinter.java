package dev.nucleus.linux.supervise;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes log records back out as the workload wrote them: stdout to stdout, stderr to stderr. */
final class LogPrinter {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean timestamps;
    /** Per stream: whether the next record starts a line (so gets the timestamp). */
    private boolean outAtLineStart = true;
    private boolean errAtLineStart = true;

    LogPrinter(PrintStream out, PrintStream err, boolean timestamps) {
        this.out = out;
        this.err = err;
        this.timestamps = timestamps;
    }

    void print(List<LogLine> records) {
        for (LogLine r : records) {
            boolean stdout = r.stream() == LogLine.Stream.STDOUT;
            PrintStream to = stdout ? out : err;
            boolean atStart = stdout ? outAtLineStart : errAtLineStart;
            StringBuilder b = new StringBuilder();
            if (timestamps && atStart) {
                b.append(r.time()).append(' ');
            }
            b.append(r.text());
            if (!r.partial()) {
                b.append('\n');
            }
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            to.write(bytes, 0, bytes.length);
            to.flush();
            if (stdout) {
                outAtLineStart = !r.partial();
            } else {
                errAtLineStart = !r.partial();
            }
        }
    }
}
