package dev.nucleus.linux.image;

import dev.nucleus.domain.value.Sha256;
import dev.nucleus.linux.json.JsonObject;
import dev.nucleus.linux.json.JsonReader;
import dev.nucleus.linux.json.JsonText;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image's {@code manifest.json} (schema 2, the reference's layout): the base rootfs it runs on,
 * its layer's digest and what it runs. The file holds the canonical JSON ({@link #canonicalJson}),
 * byte for byte, so that the signature and the id are over one text; the id is the SHA-256 of that
 * text with an empty {@code image_id}.
 */
public record ImageManifest(String imageId, long createdAt, String nucleusVersion, Base base, Optional<Diff> diff,
                            Config config) {
    public static final String FILE = "manifest.json";
    public static final int SCHEMA_VERSION = 2;

    /**
     * @param attestation SHA-256 of the rootfs's {@code .nucleus-rootfs-sha256} when the image was
     *                    made (kept as the image's {@code rootfs.sha256})
     * @param storePaths  the rootfs's closure ({@code .nucleus-rootfs-store-paths}), empty when none
     */
    public record Base(String rootfsPath, List<String> storePaths, String attestation) {
        public Base {
            storePaths = List.copyOf(storePaths);
        }
    }

    /**
     * The layer, in the image's {@code diff/} directory: an overlayfs layer (whiteouts and opaque
     * directories as overlayfs writes them), with its {@link LayerDigest digest} and what it removes.
     * An image Nix builds ({@code mkImage}) has none: it is its rootfs and what to run on it.
     */
    public record Diff(String path, String digest, long entries, long bytes, List<String> deletedPaths,
                       List<String> opaquePaths) {
        public Diff {
            deletedPaths = List.copyOf(deletedPaths);
            opaquePaths = List.copyOf(opaquePaths);
        }
    }

    /** What the image runs: its command, the environment given with -e, working directory and ids. */
    public record Config(List<String> command, List<String> env, String workdir, long uid, long gid,
                         List<Long> additionalGids) {
        public Config {
            command = List.copyOf(command);
            env = List.copyOf(env);
            additionalGids = List.copyOf(additionalGids);
        }

        /** Its members, keys in order, into the object {@code j} has open. */
        JsonText putMembers(JsonText j) {
            return j.putNumbers("additional_gids", additionalGids).putStrings("command", command).putStrings("env", env)
                    .put("gid", gid).put("uid", uid).put("workdir", workdir);
        }

        /** Read back from the object {@link #putMembers} wrote. */
        static Config from(JsonObject c) {
            return new Config(c.strings("command"), c.strings("env"), c.string("workdir"), c.longValue("uid"),
                    c.longValue("gid"), longs(c, "additional_gids"));
        }
    }

    /** This manifest with its id computed. */
    public ImageManifest identified() {
        ImageManifest blank = new ImageManifest("", createdAt, nucleusVersion, base, diff, config);
        return new ImageManifest(Sha256.hex(blank.canonicalJson()), createdAt, nucleusVersion, base, diff, config);
    }

    /** True when {@link #imageId} is the one its content gives. */
    public boolean idMatches() {
        return identified().imageId.equals(imageId);
    }

    /** Compact JSON, every object's keys in byte order. */
    public String canonicalJson() {
        JsonText j = JsonText.compact();
        j.startObject("base").put("attestation", base.attestation).put("rootfs_path", base.rootfsPath)
                .putStrings("store_paths", base.storePaths).endObject();
        config.putMembers(j.startObject("config")).endObject();
        j.put("created_at", createdAt);
        if (diff.isEmpty()) {
            j.putNull("diff");
        } else {
            Diff d = diff.get();
            j.startObject("diff").put("bytes", d.bytes).putStrings("deleted_paths", d.deletedPaths)
                    .put("digest", d.digest).put("entries", d.entries).putStrings("opaque_paths", d.opaquePaths)
                    .put("path", d.path).endObject();
        }
        j.put("image_id", imageId).put("nucleus_version", nucleusVersion).put("schema_version", SCHEMA_VERSION);
        return j.finish();
    }

    /** Reads a manifest; anything but this schema's canonical text is refused, naming what is wrong. */
    public static ImageManifest parse(String text) throws ImageRefusedException {
        ImageManifest m;
        try {
            JsonObject o = JsonObject.parse(text);
            if (o.longValue("schema_version") != SCHEMA_VERSION) {
                throw new ImageRefusedException(FILE + ": schema_version " + o.longValue("schema_version")
                        + " is not supported (this nucleus reads " + SCHEMA_VERSION + ")");
            }
            JsonObject b = o.object("base");
            Optional<JsonObject> d = o.members().get("diff") == JsonReader.NULL ? Optional.empty()
                    : Optional.of(o.object("diff"));
            JsonObject c = o.object("config");
            m = new ImageManifest(o.string("image_id"), o.longValue("created_at"), o.string("nucleus_version"),
                    new Base(b.string("rootfs_path"), b.strings("store_paths"), b.string("attestation")),
                    d.map(x -> new Diff(x.string("path"), x.string("digest"), x.longValue("entries"),
                            x.longValue("bytes"), x.strings("deleted_paths"), x.strings("opaque_paths"))),
                    Config.from(c));
        } catch (JsonReader.Malformed | IllegalArgumentException | NullPointerException e) {
            throw new ImageRefusedException(FILE + " is not an image manifest: " + e.getMessage());
        }
        if (!m.canonicalJson().equals(text)) {
            throw new ImageRefusedException(FILE + " is not in canonical form (compact, keys in order, no other"
                    + " keys): it was not written by nucleus image commit, or was changed since");
        }
        if (m.diff.isPresent() && !m.diff.get().path.equals("diff")) {
            throw new ImageRefusedException(FILE + ": diff.path must be \"diff\", got \"" + m.diff.get().path + "\"");
        }
        return m;
    }

    private static List<Long> longs(JsonObject o, String key) {
        if (!(o.members().get(key) instanceof List<?> values)) {
            throw new IllegalArgumentException(key + ": expected an array of integers");
        }
        List<Long> out = new ArrayList<>();
        for (Object v : values) {
            if (!(v instanceof Number n) || n.longValue() < 0) {
                throw new IllegalArgumentException(key + ": expected an array of integers");
            }
            out.add(n.longValue());
        }
        return out;
    }
}
