package dev.nucleus.linux.image;

import dev.nucleus.linux.json.JsonObject;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.json.JsonText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an overlay container runs, kept in its state directory ({@code image-config.json}, 0600)
 * for {@code image commit}: the command, the environment given with -e (never --env-fd's or a
 * secret's), the working directory and the resolved ids, with the rootfs's canonical path.
 * {@code layer} is the digest of the image layer the container runs on, if any.
 */
public final class ContainerImageConfig {
    public static final String FILE = "image-config.json";

    private ContainerImageConfig() {
    }

    /** @param rootfs the rootfs's canonical path, as the launch resolved it */
    public record Recorded(String rootfs, ImageManifest.Config config, Optional<String> layer) {
    }

    public static void write(Path containerDirectory, Recorded record) throws IOException {
        ImageManifest.Config c = record.config();
        Optional<String> layerDigest = record.layer();
        JsonText j = c.putMembers(JsonText.compact().put("rootfs", record.rootfs()));
        if (layerDigest.isPresent()) {
            j.put("layer", layerDigest.get());
        }
        OwnerOnlyFile.write(containerDirectory.resolve(FILE), j.finish() + "\n"); // a restart writes it again
    }

    /** The container's record, or empty when it has none (not an overlay container). */
    public static Optional<Recorded> read(Path containerDirectory) throws IOException {
        String text;
        try {
            text = Files.readString(containerDirectory.resolve(FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonObject.parse(text.strip());
            return Optional.of(new Recorded(o.string("rootfs"), ImageManifest.Config.from(o),
                    o.members().containsKey("layer") ? Optional.of(o.string("layer")) : Optional.empty()));
        } catch (JsonReader.Malformed | RuntimeException e) {
            throw new IOException(containerDirectory.resolve(FILE) + " is damaged: " + e.getMessage(), e);
        }
    }
}
