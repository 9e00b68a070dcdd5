package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Signals sent to a foreground {@code nucleus run}'s JVM reach its workload (native or gVisor). */
final class WorkloadSignals {
    private WorkloadSignals() {
    }

    /**
     * kill -SIG to the JVM of {@code bin/nucleus ARGS... -- sh -c ...}; the workload traps it, says
     * so and exits with {@code status}, and nothing else is printed (no JVM thread dump).
     */
    static void assertReachesTheWorkload(List<String> args, String signal, int status) throws Exception {
        String word = "got-" + signal.toLowerCase(Locale.ROOT);
        List<String> argv = new ArrayList<>(List.of(Nucleus.BIN.toString()));
        argv.addAll(args);
        argv.addAll(List.of("--", "/bin/sh", "-c",
                "trap 'echo " + word + "; exit " + status + "' " + signal + "; echo ready; while true; do sleep 0.1; done"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        assertEquals("ready", out.readLine());
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String rest = out.lines().collect(Collectors.joining("\n"));
        assertEquals(word, rest, "the workload's words and nothing else (no JVM thread dump)");
        assertEquals(status, p.exitValue());
    }
}
