package dev.nucleus.domain.lifecycle;

import dev.nucleus.domain.value.AsciiText;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What stays true of a container from its creation on: who made it, what it runs, how.
 *
 * @param ownerUid     the uid that created it: only it or root may act on the container
 * @param createdMillis creation time, Unix milliseconds
 * @param bundle       the OCI bundle (gVisor) or the rootfs directory; "/" for a host-view container
 * @param ephemeral    a foreground run without --keep: its state goes when it ends
 * @param annotations  dev.nucleus.* annotations (mode, trust level, policy digests)
 */
public record ContainerFacts(String id, String name, long ownerUid, long createdMillis, List<String> command,
                             String mode, String runtime, String bundle, boolean ephemeral,
                             Map<String, String> annotations) {
    public ContainerFacts {
        if (!AsciiText.lowerHex(id, 32)) {
            throw new IllegalArgumentException("a container id is 32 lower-case hex digits, got '" + id + "'");
        }
        command = List.copyOf(command);
        annotations = Map.copyOf(annotations);
    }

    /** The first 12 digits, as ps shows it. */
    public String shortId() {
        return id.substring(0, 12);
    }

    /** The name, when one was given; a generated name is the short id. */
    public Optional<String> givenName() {
        return name.equals(shortId()) ? Optional.empty() : Optional.of(name);
    }
}
