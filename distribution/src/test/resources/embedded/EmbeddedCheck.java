import dev.nucleus.cli.embed.Nucleus;
import dev.nucleus.cli.embed.NucleusException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Drives the embedded API for EmbeddedIT: one scenario per run, results on stderr as "result ..." lines. */
public class EmbeddedCheck {
    public static void main(String[] args) throws Exception {
        Nucleus nucleus = Nucleus.builder().stateRoot(Path.of(args[1])).auditLog(Path.of(args[2])).build();
        switch (args[0]) {
            case "status" -> System.err.println("result " + nucleus.run("--", "/bin/sh", "-c", "echo from-workload; exit 3"));
            case "invalid" -> report(() -> nucleus.run("--memory", "lots", "--", "/bin/true"));
            case "missing" -> report(() -> nucleus.run("--", "/nonexistent/program"));
            case "secret" -> System.err.println("result " + nucleus.run(List.of("--", "/bin/sh", "-c",
                    "test \"$TOKEN\" = s3cr3t-value && echo token-seen"), Map.of("TOKEN", "s3cr3t-value")));
            case "quit" -> {
                // SIGQUIT to the application while a container runs: the application's (a thread
                // dump from its JVM), never taken for the workload
                Thread sender = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                        new ProcessBuilder("kill", "-QUIT", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                sender.start();
                System.err.println("result " + nucleus.run("--", "/bin/sh", "-c",
                        "trap 'echo got-quit; exit 43' QUIT; sleep 3; echo slept"));
                sender.join();
            }
            case "signals" -> {
                // The application's own USR1 handler, and two containers trapping USR1 at once: USR1
                // sent to the application while they run, and again after both ended, is the
                // application's both times and never a workload's.
                AtomicInteger got = new AtomicInteger();
                sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> got.incrementAndGet());
                ExecutorService pool = Executors.newFixedThreadPool(2);
                List<Future<Integer>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> nucleus.run("--", "/bin/sh", "-c",
                            "trap 'echo got-usr1; exit 44' USR1; sleep 3 & wait; echo slept")));
                }
                Thread.sleep(1500);
                signalSelf("USR1");
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> f : runs) {
                    codes.add(f.get());
                }
                pool.shutdown();
                signalSelf("USR1");
                Thread.sleep(300);
                System.err.println("result " + codes + " " + got.get());
            }
            case "sequential" -> {
                int ok = 0;
                for (int i = 0; i < 20; i++) {
                    ok += nucleus.run("--memory", "64M", "--", "/bin/true") == 0 ? 1 : 0;
                }
                System.err.println("result " + ok);
            }
            case "concurrent" -> {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<Integer>> all = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    all.add(pool.submit(() -> nucleus.run("--", "/bin/sh", "-c", "exit " + n)));
                }
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> f : all) {
                    codes.add(f.get());
                }
                pool.shutdown();
                System.err.println("result " + codes);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void signalSelf(String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid())).start().waitFor();
    }

    interface Launch {
        int run() throws NucleusException;
    }

    private static void report(Launch launch) {
        try {
            System.err.println("result status " + launch.run());
        } catch (NucleusException e) {
            System.err.println("result refused " + e.exitStatus() + " " + e.getMessage());
        }
    }
}
