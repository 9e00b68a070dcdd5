package dev.nucleus.cli.manage;

import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.Names;

/** Checks a container reference: an id, an id prefix, or a name. */
final class ContainerNames {
    private ContainerNames() {
    }

    static void check(ManagementCommand command, String reference) {
        try {
            Names.containerName(reference);
        } catch (InvalidValueException e) {
            throw command.bad("invalid container '" + reference + "': " + e.getMessage());
        }
    }
}
