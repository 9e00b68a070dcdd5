import dev.nucleus.cli.embed.Nucleus;

import java.util.Arrays;
import java.util.List;

/**
 * N sequential {@code /bin/true} containers through the embedded API from one JVM; prints the
 * per-container wall times (ms), one per line, after WARMUP unrecorded launches.
 * Usage: EmbeddedBench N WARMUP [run flags...]
 */
public class EmbeddedBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        List<String> flags = List.of(Arrays.copyOfRange(args, 2, args.length));
        String[] argv = new java.util.ArrayList<String>(flags) {{ add("--"); add("/bin/true"); }}.toArray(String[]::new);
        Nucleus nucleus = Nucleus.create();
        for (int i = 0; i < warmup; i++) {
            check(nucleus.run(argv));
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            check(nucleus.run(argv));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        for (double m : ms) {
            System.out.printf(java.util.Locale.ROOT, "%.3f%n", m);
        }
    }

    private static void check(int status) {
        if (status != 0) {
            throw new IllegalStateException("/bin/true exited " + status);
        }
    }
}
