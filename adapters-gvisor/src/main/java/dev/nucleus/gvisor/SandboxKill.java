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

    /** True when runsc delivered it; false when the sandbox has no such container running. */
    public static boolean send(Path stateBase, String id, int signal) throws LaunchFailedException {
        Runsc runsc = Runsc.find();
        List<String> argv = List.of(runsc.binary().toString(), "--root", stateBase.resolve("runsc").toString(),
                "kill", id, Integer.toString(signal));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            throw new LaunchFailedException("cannot run " + runsc.binary() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while signalling gVisor container " + id, e);
        }
    }
}
