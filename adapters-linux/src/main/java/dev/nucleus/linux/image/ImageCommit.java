package dev.nucleus.linux.image;

import dev.nucleus.domain.integrity.RootfsClosure;
import dev.nucleus.domain.integrity.RootfsManifest;
import dev.nucleus.domain.value.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * {@code image commit}: a container's overlay layer as a signed thin image in a new directory (a
 * container run from an image: its layer folded into the image's, so images stay one layer deep).
 * The mount points the runtime made in the layer, still empty, are left out ({@link RuntimeMadePaths}).
 * The image is built beside its destination and renamed into place whole, so a failure leaves
 * nothing at the destination and no partial directory beside it.
 */
public final class ImageCommit {
    /** The container, from its state: its name (as messages give it), overlay layer and state directory. */
    public record Source(String name, Path upper, Path containerDirectory) {
    }

    /** Freezes the container's processes for the copy ({@code --freeze}); thaw undoes it. */
    public interface Freezer {
        void freeze() throws IOException;

        void thaw() throws IOException;
    }

    private ImageCommit() {
    }

    /** Writes the image of {@code source} to {@code destination} and returns its manifest. */
    public static ImageManifest commit(Source source, Path destination, byte[] key, Optional<Freezer> freezer,
                                       String nucleusVersion, long nowSeconds)
            throws ImageRefusedException, IOException {
        ContainerImageConfig.Recorded recorded = ContainerImageConfig.read(source.containerDirectory())
                .orElseThrow(() -> new ImageRefusedException("container " + source.name() + " has no record of"
                        + " what it runs (" + ContainerImageConfig.FILE + "): only a container started with"
                        + " --rootfs-mode overlay can be committed"));
        Path rootfs = Path.of(recorded.rootfs());
        Path rootfsManifest = rootfs.resolve(RootfsManifest.FILE_NAME);
        if (!Files.isRegularFile(rootfsManifest)) {
            throw new ImageRefusedException("container " + source.name() + ": its rootfs " + rootfs
                    + " has no " + RootfsManifest.FILE_NAME + "; an image runs only on an attested rootfs"
                    + " (nucleus rootfs attest " + rootfs + ")");
        }
        if (!Files.isDirectory(source.upper(), LinkOption.NOFOLLOW_LINKS)) {
            throw new ImageRefusedException("container " + source.name() + " has no overlay layer at "
                    + source.upper());
        }
        Path target = destination.toAbsolutePath().normalize();
        checkDestination(target);
        Path parent = target.getParent();
        Path partial = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            List<RuntimeMadePaths.Made> made = RuntimeMadePaths.read(source.containerDirectory());
            if (recorded.layer().isPresent()) {
                foldedLayer(source, recorded.layer().get(), rootfs, partial, freezer, made);
            } else {
                copyLayer(source.upper(), partial.resolve(VerifiedImage.DIFF), freezer);
                RuntimeMadePaths.prune(partial.resolve(VerifiedImage.DIFF), made);
            }
            OverlayMarks.strip(partial.resolve(VerifiedImage.DIFF));
            LayerDigest layer = LayerDigest.of(partial.resolve(VerifiedImage.DIFF));
            byte[] attestation = Files.readAllBytes(rootfsManifest);
            Files.write(partial.resolve(VerifiedImage.ROOTFS_MANIFEST), attestation);
            Path closureFile = rootfs.resolve(RootfsClosure.FILE_NAME);
            List<String> closure = Files.isRegularFile(closureFile)
                    ? VerifiedImage.closure(Files.readAllBytes(closureFile), closureFile) : List.of();
            Files.writeString(partial.resolve(VerifiedImage.STORE_PATHS),
                    closure.isEmpty() ? "" : String.join("\n", closure) + "\n");
            ImageManifest manifest = new ImageManifest("", nowSeconds, nucleusVersion,
                    new ImageManifest.Base(rootfs.toString(), closure, Sha256.hex(attestation)),
                    Optional.of(new ImageManifest.Diff(VerifiedImage.DIFF, layer.digest(), layer.entries(),
                            layer.bytes(), layer.deletedPaths(), layer.opaquePaths())),
                    recorded.config()).identified();
            byte[] text = manifest.canonicalJson().getBytes(StandardCharsets.UTF_8);
            Files.write(partial.resolve(ImageManifest.FILE), text);
            Files.writeString(partial.resolve(ImageSignature.FILE), ImageSignature.sign(key, text) + "\n");
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target); // empty, as checked
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } catch (IOException | ImageRefusedException | RuntimeException e) {
            LayerCopy.remove(partial);
            throw e;
        }
    }

    private static void checkDestination(Path target) throws ImageRefusedException, IOException {
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw new ImageRefusedException("-o " + target + ": its parent directory does not exist");
        }
        if (Files.isSymbolicLink(target)) {
            throw new ImageRefusedException("-o " + target + ": is a symbolic link; name a new directory");
        }
        if (Files.exists(target)) {
            boolean empty;
            try (var entries = Files.list(target)) {
                empty = Files.isDirectory(target) && entries.findAny().isEmpty();
            } catch (java.nio.file.NotDirectoryException e) {
                empty = false;
            }
            if (!empty) {
                throw new ImageRefusedException("-o " + target + ": already exists and is not an empty directory;"
                        + " an image is written to a new directory");
            }
        }
    }

    /**
     * A container run from an image: its layer folded into a copy of the image's ({@link
     * LayerMerge}), taken from the layer cache the container mounted it from and checked against
     * the digest the container was started with, so the new image has one layer over the same
     * rootfs.
     */
    private static void foldedLayer(Source source, String imageDigest, Path rootfs, Path partial,
                                    Optional<Freezer> freezer, List<RuntimeMadePaths.Made> made)
            throws IOException, ImageRefusedException {
        Path diff = partial.resolve(VerifiedImage.DIFF);
        Path entry = new LayerCache(source.containerDirectory().getParent()).entry(imageDigest);
        LayerCopy.copy(entry, diff);
        OverlayMarks.unmarkUserNamespaceOpaque(diff);
        String copied = LayerDigest.of(diff).digest();
        if (!copied.equals(imageDigest)) {
            throw new ImageRefusedException("container " + source.name() + ": the cached image layer it runs on ("
                    + entry + ") has digest " + copied + ", not the " + imageDigest + " it was started with");
        }
        Path upper = partial.resolve("upper");
        copyLayer(source.upper(), upper, freezer);
        RuntimeMadePaths.prune(upper, made); // before the fold: the image's own empty directories stay
        LayerMerge.fold(upper, diff, rootfs);
        LayerCopy.remove(upper);
    }

    private static void copyLayer(Path upper, Path diff, Optional<Freezer> freezer) throws IOException {
        if (freezer.isPresent()) {
            freezer.get().freeze();
        }
        try {
            LayerCopy.copy(upper, diff);
        } finally {
            if (freezer.isPresent()) {
                freezer.get().thaw();
            }
        }
    }
}
