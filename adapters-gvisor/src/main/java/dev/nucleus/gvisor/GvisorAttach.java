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
        return exec(stateBase, id, command, helpers, "attach", runsc -> runsc);
    }

    /**
     * A health probe: {@code command} as above, quiet (its stdio /dev/null), SIGKILLed with the
     * runsc client after {@code timeout} (a timed-out check fails); its exit status, 137 then.
     */
    public static int probe(Path stateBase, String id, List<String> command, Duration timeout,
                            HelperPrograms helpers) {
        try {
            long seconds = Math.max(1, timeout.toSeconds());
            return exec(stateBase, id, command, helpers, "probe", runsc -> {
                List<String> argv = new ArrayList<>(List.of(SandboxNetwork.tool("sh").toString(), "-c",
                        "exec \"$0\" -s KILL \"$@\" </dev/null >/dev/null 2>&1",
                        SandboxNetwork.tool("timeout").toString(), Long.toString(seconds)));
                argv.addAll(runsc);
                return argv;
            });
        } catch (LaunchFailedException e) {
            return 125; // a probe that cannot run fails the check
        }
    }

    /** runsc exec of {@code command} with the workload's process spec, its argv shaped by {@code wrap}. */
    private static int exec(Path stateBase, String id, List<String> command, HelperPrograms helpers, String what,
                            Wrapper wrap) throws LaunchFailedException {
        Path bundle = stateBase.resolve("gvisor").resolve("bundles").resolve(id);
        Path process = bundle.resolve(what + "-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId()
                + ".json");
        try {
            ObjectNode spec = (ObjectNode) JSON.readTree(Files.readString(bundle.resolve("config.json"))).get("process");
            ArrayNode args = spec.putArray("args");
            command.forEach(args::add);
            spec.put("terminal", false);
            Files.writeString(process, JSON.writeValueAsString(spec));
            Files.setPosixFilePermissions(process, PosixFilePermissions.fromString("rw-------"));
            Runsc runsc = Runsc.find();
            List<String> argv = wrap.apply(List.of(runsc.binary().toString(), "--root",
                    stateBase.resolve("runsc").toString(), "exec", "--process", process.toString(), id));
            try (HelperPrograms.Running p = helpers.start(argv, false)) {
                return p.waitFor();
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
