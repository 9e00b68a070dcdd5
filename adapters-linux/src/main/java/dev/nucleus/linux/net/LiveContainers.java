package dev.nucleus.linux.net;

import dev.nucleus.ports.LaunchFailedException;

import java.nio.file.Path;
import java.util.Set;

/**
 * Which containers of a state root may still hold what their network was given (being set up, or
 * with their process alive): asked of the roots other than the sweeping launch's own, whose
 * leases it finds on a host-wide bridge. A container not among them is provably gone: its state
 * says so, or it has no state left at all.
 */
@FunctionalInterface
public interface LiveContainers {
    Set<String> in(Path stateBase) throws LaunchFailedException;
}
