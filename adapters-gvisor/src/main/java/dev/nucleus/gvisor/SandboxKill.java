package dev.nucleus.gvisor;

import dev.nucleus.ports.LaunchFailedException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code nucleus kill} of a gVisor container: the signal goes to the workload inside the sandbox
 * ({@code runsc kill ID SIG}), not to the runtime's supervisor, whose pid the state records (it
 * relays only TERM, INT, HUP, USR1 and USR2; STOP would freeze it, and others end it and the
 * sandbox with it, unrecorded).
 */
public final class SandboxKill {
    private SandboxKill() {
    }

    /** True when runsc delivered it; false when the sandbox has no such container (any more). */
    public static boolean send(Path stateBase, String id, int signal) throws LaunchFailedException {
        if (signal >= 32) {
            // runsc kill knows the classic signals by name or number, and no realtime one
            throw new dev.nucleus.ports.PolicyRejectedException("signal " + signal + ": runsc cannot send realtime"
                    + " signals into a gVisor sandbox; send one of 1-31");
        }
        Runsc runsc = Runsc.find();
        List<String> argv = List.of(runsc.binary().toString(), "--root", stateBase.resolve("runsc").toString(),
                "kill", id, Integer.toString(signal));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0) {
                return true;
            }
            if (said.contains("does not exist") || said.contains("not running") || said.contains("no such")) {
                return false;
            }
            throw new LaunchFailedException("runsc kill " + signal + " of " + id.substring(0, 12) + " failed: " + said);
        } catch (IOException e) {
            throw new LaunchFailedException("cannot run " + runsc.binary() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while signalling gVisor container " + id, e);
        }
    }
}
