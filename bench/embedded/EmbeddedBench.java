import dev.nucleus.cli.embed.Nucleus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * N recorded {@code /bin/true} launches through the embedded API from this JVM, after WARMUP
 * unrecorded ones, and N through each peer, in alternating blocks of {@link #BLOCK}: the machine's
 * drift falls on every runtime alike, and each block is a run of one runtime's sequential
 * launches, slowed by what its own previous launch left for the kernel to finish and not by what
 * another's did. A launch right after another runtime's is (crun launched right after a Nucleus
 * launch took twice its time), so the first {@link #SETTLE} of each block are not recorded. A
 * peer is a shell command that runs bench/embedded/peer-loop.sh (one launch per line it reads,
 * its time per line it writes). Prints one line per recorded launch: the runtime's index
 * (0 = Nucleus, then the peers in order) and its ms; then {@code # jit-ms T}, the JIT compilers'
 * time while launches were recorded.
 * Usage: EmbeddedBench N WARMUP [PEER_COMMAND...]
 */
public class EmbeddedBench {
    static final int BLOCK = 20;
    static final int SETTLE = 3;

    /** A peer runtime's launch loop, started once. */
    private record Peer(Process process, Writer in, BufferedReader out) {
        static Peer start(String command) throws IOException {
            Process p = new ProcessBuilder("/bin/bash", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new Peer(p, new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8),
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        }

        /** One launch; its wall time in ms. */
        double launch() throws IOException {
            in.write("go\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the peer loop ended: " + process.info().commandLine().orElse("?"));
            }
            String[] f = line.split(" ");
            if (!f[0].equals("0")) {
                throw new IllegalStateException("a peer launch exited " + f[0]);
            }
            return Long.parseLong(f[1]) / 1000.0;
        }

        void close() throws IOException, InterruptedException {
            in.close();
            process.waitFor();
        }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        List<Peer> peers = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            peers.add(Peer.start(args[i]));
        }
        Nucleus nucleus = Nucleus.create();
        for (int i = 0; i < warmup; i++) {
            check(nucleus.run("--", "/bin/true"));
        }
        for (Peer p : peers) {
            for (int i = 0; i < 5; i++) {
                p.launch();
            }
        }
        // The JIT's work while launches are recorded: a steady state compiles little (C2 on the second
        // of two cores slows the launches beside it).
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long compiling = jit.getTotalCompilationTime();
        StringBuilder rows = new StringBuilder();
        for (int recorded = 0; recorded < n; recorded += BLOCK - SETTLE) {
            int count = Math.min(BLOCK - SETTLE, n - recorded);
            for (int i = 0; i < SETTLE + count; i++) {
                long t = System.nanoTime();
                check(nucleus.run("--", "/bin/true"));
                record(rows, 0, i, (System.nanoTime() - t) / 1e6);
            }
            for (int k = 0; k < peers.size(); k++) {
                for (int i = 0; i < SETTLE + count; i++) {
                    record(rows, k + 1, i, peers.get(k).launch());
                }
            }
        }
        for (Peer p : peers) {
            p.close();
        }
        rows.append("# jit-ms ").append(jit.getTotalCompilationTime() - compiling).append('\n');
        System.out.print(rows);
    }

    private static void record(StringBuilder rows, int runtime, int inBlock, double ms) {
        if (inBlock >= SETTLE) {
            rows.append(runtime).append(' ').append(String.format(Locale.ROOT, "%.3f", ms)).append('\n');
        }
    }

    private static void check(int status) {
        if (status != 0) {
            throw new IllegalStateException("/bin/true exited " + status);
        }
    }
}
