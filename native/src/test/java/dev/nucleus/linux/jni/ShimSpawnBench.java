package dev.nucleus.linux.jni;

import java.util.Arrays;

/**
 * Start cost of a namespaced {@code /bin/true} through the shim: spawn + PID + GO + EXECED +
 * EXIT + reap, N times; prints the median and p90. Run from bench/shim-spawn.sh with a small
 * and a large pre-touched heap: posix_spawn of the static shim must cost the same at both.
 */
public final class ShimSpawnBench {
    private ShimSpawnBench() {
    }

    /** Returns the sorted per-run times in milliseconds. */
    static double[] measure(int runs) {
        byte[] plan = TestPlan.cloneFlags(TestPlan.CLONE_NEWPID | TestPlan.CLONE_NEWNS | TestPlan.CLONE_NEWUTS
                | TestPlan.CLONE_NEWIPC).exec("/bin/true").build();
        String shim = NativeShim.shimPath();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            long[] s = NativeShim.spawn(shim, plan);
            int ctl = (int) s[NativeShim.CONTROL_FD];
            int pidfd = (int) s[NativeShim.SHIM_PIDFD];
            int exit = -1;
            try {
                for (int[] m; (m = NativeShim.receive(ctl, 10_000)) != null;) {
                    if (m[0] == NativeShim.MSG_PID) {
                        NativeShim.send(ctl, NativeShim.MSG_GO, 0);
                    } else if (m[0] == NativeShim.MSG_EXIT) {
                        exit = m[1];
                        break;
                    }
                }
            } finally {
                NativeShim.close(ctl);
                NativeShim.waitPid(pidfd);
                NativeShim.close(pidfd);
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (exit != 0) {
                throw new IllegalStateException("run " + i + ": /bin/true ended with wait status " + exit);
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        measure(5); // warm-up: library load, shim extraction, page cache
        double[] ms = measure(runs);
        System.out.printf("shim spawn of /bin/true (new pid/mnt/uts/ipc ns), %d runs, heap max %d MiB, committed %d MiB:"
                        + " median %.2f ms, p90 %.2f ms, min %.2f ms%n",
                runs, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().totalMemory() >> 20,
                ms[runs / 2], ms[(int) (runs * 0.9)], ms[0]);
    }
}
