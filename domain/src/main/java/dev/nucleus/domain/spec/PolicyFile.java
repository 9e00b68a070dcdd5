package dev.nucleus.domain.spec;

import dev.nucleus.domain.value.*;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** An external policy file and, when pinned, the SHA-256 its raw bytes must have. */
public record PolicyFile(HostPath path, Optional<String> sha256) {
}
