package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A provider CLI config bound under the private home directory. */
public record ProviderConfig(HostPath source, ContainerPath destination, boolean readOnly) {
}
