package dev.nucleus.linux.image;

import dev.nucleus.domain.integrity.RootfsClosure;
import dev.nucleus.domain.integrity.RootfsManifest;
import dev.nucleus.domain.value.Sha256;
import dev.nucleus.linux.integrity.RootfsAttestation;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image directory whose signature, id and base files have been checked: {@code manifest.json}
 * signed by {@code image.sig} under the key, its id its content's, {@code rootfs.sha256} the
 * attestation it names and {@code store-paths} its closure. The layer is checked apart
 * ({@link #verifyLayer}), as {@code image run} checks its private copy instead.
 */
public record VerifiedImage(Path directory, ImageManifest manifest) {
    public static final String ROOTFS_MANIFEST = "rootfs.sha256";
    public static final String STORE_PATHS = "store-paths";
    public static final String DIFF = "diff";
    private static final int BASE_FILES_SHOWN = 5;

    /** Where the key comes from, asked only for a signed image (a Nix-built one may run without it). */
    public interface KeySource {
        byte[] key() throws ImageRefusedException;
    }

    /**
     * Opens {@code directory}, refusing (exit 2) an image that is not intact or not signed by the
     * key. Unsigned is an image Nix built ({@code mkImage}): immutable in the store, with no
     * layer, its trust that of the rootfs beside it; anywhere else, or with a layer, it is refused.
     */
    public static VerifiedImage open(Path directory, KeySource keys) throws ImageRefusedException {
        byte[] manifest = read(directory, ImageManifest.FILE);
        boolean signed = Files.exists(directory.resolve(ImageSignature.FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (signed) {
            String signature = new String(read(directory, ImageSignature.FILE), StandardCharsets.US_ASCII);
            if (!ImageSignature.verifies(keys.key(), manifest, signature)) {
                throw new ImageRefusedException("image " + directory + ": " + ImageSignature.FILE + " does not sign its "
                        + ImageManifest.FILE + " under this key: the image was changed, or signed with another key");
            }
        }
        ImageManifest m;
        try {
            m = ImageManifest.parse(new String(manifest, StandardCharsets.UTF_8));
        } catch (ImageRefusedException e) { // the parser knows the file, not the image: name it, as every refusal here
            throw new ImageRefusedException("image " + directory + ": " + e.getMessage());
        }
        if (!signed && (m.diff().isPresent() || !inNixStore(directory))) {
            throw new ImageRefusedException("image " + directory + " has no " + ImageSignature.FILE + ": an image is"
                    + " signed (nucleus image commit), or built by Nix into the store with no layer (mkImage)");
        }
        if (!m.idMatches()) {
            throw new ImageRefusedException("image " + directory + ": image_id " + m.imageId()
                    + " is not the digest of its manifest");
        }
        String attestation = Sha256.hex(read(directory, ROOTFS_MANIFEST));
        if (!attestation.equals(m.base().attestation())) {
            throw new ImageRefusedException("image " + directory + ": " + ROOTFS_MANIFEST + " has SHA-256 "
                    + attestation + ", its manifest says " + m.base().attestation());
        }
        if (!closure(read(directory, STORE_PATHS), directory.resolve(STORE_PATHS)).equals(m.base().storePaths())) {
            throw new ImageRefusedException("image " + directory + ": " + STORE_PATHS
                    + " is not the closure its manifest lists");
        }
        return new VerifiedImage(directory, m);
    }

    /** Refuses a layer at {@code layer} (the image's, or a copy of it) whose digest is not the manifest's. */
    public void verifyLayer(Path layer) throws ImageRefusedException, IOException {
        if (manifest.diff().isEmpty()) {
            return;
        }
        LayerDigest d = LayerDigest.of(layer);
        if (!d.digest().equals(manifest.diff().get().digest())) {
            throw new ImageRefusedException("image " + directory + ": its layer has digest " + d.digest()
                    + ", its manifest says " + manifest.diff().get().digest() + ": the layer was changed");
        }
    }

    /**
     * Refuses a base rootfs whose files no longer match its attestation, as the launch of
     * {@code image run} would ({@code --verify-rootfs-attestation}): {@code image load} says
     * "verified" only of an image that can run. Hashes the whole rootfs.
     */
    public void checkBaseFiles(Path rootfs) throws ImageRefusedException, IOException {
        RootfsManifest.Difference d;
        try {
            d = RootfsAttestation.check(rootfs);
        } catch (PolicyRejectedException e) {
            throw new ImageRefusedException("image " + directory + ": " + e.getMessage());
        } catch (LaunchFailedException e) {
            throw new IOException("image " + directory + ": " + e.getMessage(), e);
        }
        if (!d.clean()) {
            throw new ImageRefusedException("image " + directory + ": the base rootfs " + rootfs + " does not match"
                    + " its " + RootfsManifest.FILE_NAME + ": " + d.describe(BASE_FILES_SHOWN)
                    + "; a run of the image would be refused");
        }
    }

    private static boolean inNixStore(Path directory) {
        try {
            return dev.nucleus.domain.value.NixStorePath.isObject(directory.toRealPath().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Refuses a base rootfs that is not the one the image was made on: its attestation file and
     * closure must be the image's, byte for byte. (The launch then verifies its files.)
     */
    public void checkBase(Path rootfs) throws ImageRefusedException {
        String now = Sha256.hex(read(rootfs, RootfsManifest.FILE_NAME));
        if (!now.equals(manifest.base().attestation())) {
            throw new ImageRefusedException("image " + directory + ": the base rootfs " + rootfs + " has changed since"
                    + " the image was made (its " + RootfsManifest.FILE_NAME + " has SHA-256 " + now + ", the image's "
                    + manifest.base().attestation() + ")");
        }
        Path list = rootfs.resolve(RootfsClosure.FILE_NAME);
        List<String> paths = Files.exists(list) ? closure(read(rootfs, RootfsClosure.FILE_NAME), list) : List.of();
        if (!paths.equals(manifest.base().storePaths())) {
            throw new ImageRefusedException("image " + directory + ": the base rootfs " + rootfs + " lists another"
                    + " closure than the image's");
        }
    }

    /** A closure list ({@link RootfsClosure}'s format), refused (exit 2) naming {@code file} when malformed. */
    static List<String> closure(byte[] data, Path file) throws ImageRefusedException {
        try {
            return RootfsClosure.parse(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ImageRefusedException(file + ": " + e.getMessage());
        }
    }

    private static byte[] read(Path directory, String name) throws ImageRefusedException {
        try {
            Path file = directory.resolve(name);
            if (Files.size(file) > 64L << 20) {
                throw new ImageRefusedException(file + ": larger than an image's " + name + " can be");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImageRefusedException(directory + " is not an image: it has no " + name);
        } catch (IOException e) {
            throw new ImageRefusedException(directory.resolve(name) + ": cannot be read: " + e.getMessage());
        }
    }
}
