package dev.nucleus.linux.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One address lease's content: the container's id, and the state root it was launched under
 * (absent in a lease written before leases were host-wide). The owner is what lets a start under
 * another {@code --root} prove the container gone before it frees anything of it.
 */
record Lease(String id, Optional<Path> owner) {
    String text() {
        return id + "\n" + owner.map(o -> o + "\n").orElse("");
    }

    static Lease parse(String text) {
        String[] lines = text.strip().split("\n");
        Optional<Path> owner = lines.length > 1 && lines[1].startsWith("/")
                ? Optional.of(Path.of(lines[1].strip())) : Optional.empty();
        return new Lease(lines[0].strip(), owner);
    }

    static Lease read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }
}
