package dev.nucleus.linux.supervise;

import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.out.ServiceSupervisor;
import dev.nucleus.ports.out.StateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Supervision by systemd, where it is PID 1: a transient unit ({@link SystemdRunCommand}) runs
 * {@code nucleus supervise --journal FILE}; its output goes to the journal ({@code journalctl
 * -u nucleus-<id12>}). The container's state tells when it runs, or how its start failed.
 */
public final class SystemdSupervisor implements ServiceSupervisor {
    private static final long START_TIMEOUT_MILLIS = 120_000;

    private final Path systemdRun;
    private final Path stateBase;
    private final StateStore store;
    private final List<String> supervise;
    private final Map<String, String> environment;
    private final boolean user;

    public SystemdSupervisor(Path systemdRun, Path stateBase, StateStore store, List<String> supervise,
                             Map<String, String> environment, boolean user) {
        this.systemdRun = systemdRun;
        this.stateBase = stateBase;
        this.store = store;
        this.supervise = List.copyOf(supervise);
        this.environment = Map.copyOf(environment);
        this.user = user;
    }

    @Override
    public String kind() {
        return "systemd";
    }

    @Override
    public Outcome start(String id, byte[] launchDocument) throws LaunchFailedException {
        Path file = LaunchFiles.handOver(stateBase, id, launchDocument, "systemd");
        List<String> argv = SystemdRunCommand.argv(systemdRun, id, user, supervise, file,
                SystemdRunCommand.PASSED_ENVIRONMENT.stream().filter(environment::containsKey).toList());
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                Files.deleteIfExists(file);
                throw new LaunchFailedException("systemd-run failed: " + said.strip());
            }
            return awaitStart(id);
        } catch (IOException e) {
            throw new LaunchFailedException("cannot run " + systemdRun + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchFailedException("interrupted while systemd starts " + SystemdRunCommand.unitName(id), e);
        }
    }

    private Outcome awaitStart(String id) throws LaunchFailedException, InterruptedException {
        String journal = "see journalctl " + (user ? "--user " : "") + "-u " + SystemdRunCommand.unitName(id);
        long began = System.currentTimeMillis();
        long deadline = began + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Optional<ContainerState> state;
            try {
                state = store.load(id);
            } catch (StateStoreException e) {
                throw new LaunchFailedException("state: " + e.getMessage(), e);
            }
            if (state.isPresent()) {
                ContainerState s = state.get();
                if (s instanceof ContainerState.Running || s instanceof ContainerState.Stopping) {
                    return new Outcome(0, "");
                }
                if (s instanceof ContainerState.Stopped stopped) {
                    return new Outcome(0, "nucleus: the container already exited with " + stopped.exit().code() + "\n");
                }
                if (s instanceof ContainerState.Failed failed) {
                    return new Outcome(125, "nucleus: " + failed.reason() + " (" + journal + ")\n");
                }
            } else if (System.currentTimeMillis() - began > 30_000
                    && Files.exists(stateBase.resolve(LaunchFiles.DIRECTORY).resolve(id + ".json"))) {
                return new Outcome(125, "nucleus: the unit never took its launch (" + journal + ")\n");
            }
            Thread.sleep(20);
        }
        return new Outcome(125, "nucleus: the container did not start within " + START_TIMEOUT_MILLIS / 1000 + " s ("
                + journal + ")\n");
    }
}
