package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A credential from systemd's {@code $CREDENTIALS_DIRECTORY}, mounted at a destination. */
public record SystemdCredential(String name, ContainerPath destination) {
}
