package dev.nucleus.linux.supervise;

import dev.nucleus.ports.out.ServiceSupervisor;
import dev.nucleus.ports.out.StateStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses how detached containers are supervised: systemd when it runs the machine (as
 * sd_booted(3) decides: {@code /run/systemd/system} exists) and systemd-run is installed in a
 * trusted directory; otherwise Nucleus's own supervisor.
 */
public final class Supervisors {
    static final Path SYSTEMD_BOOTED = Path.of("/run/systemd/system");
    static final List<Path> TRUSTED = List.of(Path.of("/usr/bin/systemd-run"), Path.of("/bin/systemd-run"));

    private Supervisors() {
    }

    public static ServiceSupervisor forHost(Path stateBase, StateStore store, List<String> supervise,
                                            Map<String, String> environment, long uid) {
        return choose(SYSTEMD_BOOTED, TRUSTED, stateBase, store, supervise, environment, uid);
    }

    static ServiceSupervisor choose(Path booted, List<Path> candidates, Path stateBase, StateStore store,
                                    List<String> supervise, Map<String, String> environment, long uid) {
        Optional<Path> systemdRun = Files.isDirectory(booted)
                ? candidates.stream().filter(Files::isExecutable).findFirst() : Optional.empty();
        if (systemdRun.isPresent()) {
            return new SystemdSupervisor(systemdRun.get(), stateBase, store, supervise, environment, uid != 0);
        }
        return new BuiltinSupervisor(stateBase, supervise, environment);
    }
}
