package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Foreground or detached, state retention, pid file, terminal, hooks, and the topology service
 * this container runs (set by {@code compose up}).
 */
public record Lifecycle(boolean detach, boolean keep, boolean quietId, Optional<HostPath> pidFile, boolean terminal,
                        Optional<HostPath> consoleSocket, Optional<HostPath> hooks, RestartPolicy restart,
                        Optional<TopologyMember> topologyMember) {
}
