package dev.nucleus.gvisor;

import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.HelperPrograms;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code nucleus attach} for a gVisor container: {@code runsc exec --process} with the workload's
 * own process spec from its bundle (user, groups, environment, working directory, empty capability
 * sets, no_new_privs, rlimits) and only the arguments replaced, so the command runs inside the
 * sandbox exactly as confined as the workload.
 */
public final class GvisorAttach {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** timeout -s KILL's status when it killed the runsc client: 128 + SIGKILL. */
    private static final int TIMED_OUT = 137;

    private GvisorAttach() {
    }

    /** Wraps runsc's argv (a probe runs it under timeout, quiet). */
    @FunctionalInterface
    private interface Wrapper {
        List<String> apply(List<String> runsc) throws LaunchFailedException;
    }

    /** Runs {@code command} in container {@code id}, runsc started by {@code helpers}; returns its exit status. */
    public static int run(Path stateBase, String id, List<String> command, HelperPrograms helpers)
            throws LaunchFailedException {
        return exec(stateBase, id, command, helpers, "attach", List.of(), runsc -> runsc);
    }

    /**
     * A health probe: {@code command} as above, quiet (its stdio /dev/null), SIGKILLed with the
     * runsc client after {@code timeout} (a timed-out check fails); its exit status, 137 then.
     * Killing the client does not end what it started in the sandbox, so a timed-out probe's
     * process is then killed there too, by the pid runsc wrote for it: probes that hang do not
     * pile up in the sandbox.
     */
    public static int probe(Path stateBase, String id, List<String> command, Duration timeout,
                            HelperPrograms helpers) {
        Path pidFile = scratch(stateBase, id, "probe", ".pid");
        try {
            long seconds = Math.max(1, timeout.toSeconds());
            int status = exec(stateBase, id, command, helpers, "probe",
                    List.of("--internal-pid-file", pidFile.toString()), runsc -> {
                        List<String> argv = new ArrayList<>(List.of(SandboxNetwork.tool("sh").toString(), "-c",
                                "exec \"$0\" -s KILL \"$@\" </dev/null >/dev/null 2>&1",
                                SandboxNetwork.tool("timeout").toString(), Long.toString(seconds)));
                        argv.addAll(runsc);
                        return argv;
                    });
            if (status == TIMED_OUT) {
                killInSandbox(stateBase, id, pidFile, helpers);
            }
            return status;
        } catch (LaunchFailedException e) {
            return 125; // a probe that cannot run fails the check
        } finally {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // removed with the bundle
            }
        }
    }

    /** SIGKILL to the probe's process in the sandbox, by its pid there; one already gone is no error. */
    private static void killInSandbox(Path stateBase, String id, Path pidFile, HelperPrograms helpers) {
        try {
            String pid = Files.readString(pidFile).strip();
            if (!pid.matches("[1-9][0-9]{0,9}")) {
                return; // killed before runsc wrote it: nothing started in the sandbox
            }
            // Quiet (a probe that ended meanwhile makes runsc complain, and its stderr is the run's),
            // and bounded: a wedged sandbox must not hold the health monitor.
            List<String> argv = List.of(SandboxNetwork.tool("sh").toString(), "-c",
                    "exec \"$0\" -s KILL 5 \"$@\" </dev/null >/dev/null 2>&1", SandboxNetwork.tool("timeout").toString(),
                    Runsc.find().binary().toString(), "--root", stateBase.resolve("runsc").toString(), "kill", "--pid",
                    pid, id, "KILL");
            try (HelperPrograms.Running p = helpers.start(argv, true)) {
                p.waitFor();
            }
        } catch (IOException | LaunchFailedException | RuntimeException e) {
            // no pid file (the client died first) or the sandbox ended: nothing is left to kill
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file of this thread's in the container's bundle directory. */
    private static Path scratch(Path stateBase, String id, String what, String suffix) {
        return stateBase.resolve("gvisor").resolve("bundles").resolve(id).resolve(what + "-"
                + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId() + suffix);
    }

    /**
     * runsc exec of {@code command} with the workload's process spec and {@code flags}, its argv
     * shaped by {@code wrap}.
     */
    private static int exec(Path stateBase, String id, List<String> command, HelperPrograms helpers, String what,
                            List<String> flags, Wrapper wrap) throws LaunchFailedException {
        Path bundle = stateBase.resolve("gvisor").resolve("bundles").resolve(id);
        Path process = scratch(stateBase, id, what, ".json");
        try {
            ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(bundle.resolve("config.json"))).get("process");
            ArrayNode args = spec.putArray("args");
            command.forEach(args::add);
            spec.put("terminal", false);
            Files.writeString(process, JSON.writeValueAsString(spec));
            Files.setPosixFilePermissions(process, PosixFilePermissions.fromString("rw-------"));
            Runsc runsc = Runsc.find();
            List<String> exec = new ArrayList<>(List.of(runsc.binary().toString(), "--root",
                    stateBase.resolve("runsc").toString(), "exec", "--process", process.toString()));
            exec.addAll(flags);
            exec.add(id);
            List<String> argv = wrap.apply(exec);
            try (HelperPrograms.Running p = helpers.start(argv, false)) {
                return RunscStatus.of(p.waitFor(), p.stderrTail()); // 127/126 as a native attach says them
            }
        } catch (IOException | RuntimeException e) {
            throw new LaunchFailedException("cannot " + what + " in gVisor container " + id.substring(0, 12) + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while attached", e);
        } finally {
            try {
                Files.deleteIfExists(process);
            } catch (IOException ignored) {
                // removed with the bundle
            }
        }
    }

}
