package dev.nucleus.linux.image;

import dev.nucleus.linux.jni.NativeFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Folds a container's overlay layer into the image layer it ran over, so that a container run
 * from an image can be committed as an image of one layer over the same rootfs: what the
 * container saw (its layer over the image's over the rootfs) is what the folded layer over the
 * rootfs shows.
 *
 * <p>The container's entries replace the image's at their paths, a whiteout or an opaque directory
 * removing what the image had there and beneath; then every whiteout is kept only where it still
 * hides something of the rootfs (a file the image alone had needs none). Directories both layers
 * have are merged, the container's attributes winning and the image's opaque mark staying (the
 * container saw the rootfs's directory hidden too).
 */
final class LayerMerge {

    private LayerMerge() {
    }

    /**
     * Applies the layer at {@code upper} (a copy, not the live one) onto {@code lower} (a copy of
     * the image's layer), which becomes the folded layer over {@code rootfs}.
     */
    static void fold(Path upper, Path lower, Path rootfs) throws IOException {
        List<Path> merged = new ArrayList<>(List.of(Path.of("")));
        for (Path entry : walk(upper)) {
            Path rel = upper.relativize(entry);
            Path there = lower.resolve(rel);
            if (!Files.exists(there, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            boolean directory = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
            boolean replaces = !directory || OverlayMarks.opaque(entry)
                    || !Files.isDirectory(there, LinkOption.NOFOLLOW_LINKS);
            if (replaces && Files.isDirectory(there, LinkOption.NOFOLLOW_LINKS)) {
                LayerCopy.remove(there);
            } else if (replaces) {
                Files.delete(there);
            } else {
                merged.add(rel);
            }
        }
        LayerCopy.merge(upper, lower);
        for (Path rel : merged) {
            dropAttributesTheContainerRemoved(upper.resolve(rel.toString()), lower.resolve(rel.toString()));
        }
        for (Path entry : walk(lower)) {
            Path rel = lower.relativize(entry);
            if (OverlayMarks.whiteout(entry) && !visibleInRootfs(rel, lower, rootfs)) {
                Files.delete(entry);
            }
        }
    }

    /**
     * A directory both layers have: cp gave it the container's attributes but left those only
     * the image's copy had, which the container removed (its copy-up had them all). The image's
     * opaque mark is no attribute of the workload's: it stays.
     */
    private static void dropAttributesTheContainerRemoved(Path containers, Path folded) throws IOException {
        Map<String, byte[]> kept = NativeFiles.xattrs(containers);
        for (String name : NativeFiles.xattrs(folded).keySet()) {
            if (!kept.containsKey(name) && !name.equals(OverlayMarks.OPAQUE)) {
                NativeFiles.removeXattr(folded, name);
            }
        }
    }

    /**
     * Whether {@code rel} shows from the rootfs through {@code layer}: the rootfs has it (no
     * component of the way there a link or a non-directory), and no directory of the layer above
     * it is opaque or anything but a directory.
     */
    static boolean visibleInRootfs(Path rel, Path layer, Path rootfs) throws IOException {
        Path inRootfs = rootfs;
        Path inLayer = layer;
        for (int i = 0; i < rel.getNameCount(); i++) {
            if (i > 0) {
                if (!Files.isDirectory(inRootfs, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                if (Files.exists(inLayer, LinkOption.NOFOLLOW_LINKS)
                        && (!Files.isDirectory(inLayer, LinkOption.NOFOLLOW_LINKS) || OverlayMarks.opaque(inLayer))) {
                    return false;
                }
            }
            inRootfs = inRootfs.resolve(rel.getName(i).toString());
            inLayer = inLayer.resolve(rel.getName(i).toString());
        }
        return Files.exists(inRootfs, LinkOption.NOFOLLOW_LINKS);
    }

    /** Every entry beneath {@code root}, parents before children; not {@code root} itself. */
    private static List<Path> walk(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return new ArrayList<>(all.filter(p -> !p.equals(root)).toList());
        }
    }
}
