package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs.RootfsOverlay;
import dev.nucleus.domain.plan.Step;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.spec.RootfsMode;
import dev.nucleus.domain.spec.ImageLayer;
import dev.nucleus.linux.image.ImageRefusedException;
import dev.nucleus.linux.image.LayerCache;
import dev.nucleus.linux.image.OverlayMarks;
import dev.nucleus.linux.image.RuntimeMadePaths;
import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.linux.jni.NativeMounts;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;
import dev.nucleus.domain.value.Lists;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The layers of a {@code --rootfs-mode overlay} root: the rootfs, read-only, beneath
 * {@code <container dir>/rootfs-overlay/{upper,work}}. Made at the container's first start and
 * kept across its restarts and with {@code --keep}: they go with the container's directory, at
 * {@code rm} or at the end of an ephemeral run. The rootfs itself is never written.
 */
final class OverlayLayers {
    static final String DIRECTORY = "rootfs-overlay";

    private OverlayLayers() {
    }

    /** Where the workload's changes to the rootfs are kept. */
    static Path upper(Path containerDirectory) {
        return containerDirectory.resolve(DIRECTORY).resolve("upper");
    }

    /**
     * Before anything is made (exit 2): overlayfs's options separate layers with ':' and options
     * with ',' and escape with '\', so a rootfs or state path holding one cannot be named; and
     * the state directory may not lie inside the rootfs.
     */
    static void check(ContainerSpec spec, Path runtimeBase) throws LaunchFailedException {
        if (spec.request().filesystem().rootfs().mode() != RootfsMode.OVERLAY) {
            return;
        }
        String rootfs = real(spec.request().filesystem().rootfs().path().orElseThrow().path());
        String state = realBeneath(runtimeBase.toAbsolutePath().normalize()).toString();
        for (String[] named : new String[][]{{"--rootfs", rootfs}, {"the state directory", state}}) {
            if (!RootfsOverlay.reservedFree(named[1])) {
                throw new PolicyRejectedException(named[0] + " " + named[1] + ": --rootfs-mode overlay cannot name a path"
                        + " holding ',', ':' or '\\' in the overlay's mount options; use a path without them");
            }
        }
        // The rootfs's directories are writable through the overlay: one holding the state would
        // hand the workload every container's state and layers.
        if (Path.of(state).startsWith(Path.of(rootfs))) {
            throw new PolicyRejectedException("--rootfs " + rootfs + ": the state directory " + state + " lies inside"
                    + " it, and --rootfs-mode overlay makes the rootfs writable to the workload; keep the state"
                    + " (--root) outside the rootfs");
        }
    }

    /**
     * Before the clone (exit 2, the launch undone): an overlay root is the rootfs's own tree, and
     * the shim follows no link in it, so a path the plan makes or mounts on must not pass through
     * a symbolic link of the rootfs, nor be one where the plan makes a directory (a rootfs whose
     * {@code /tmp} leads to {@code var/tmp}, say). An image's layer, when there is one, lies
     * above the rootfs: what it has at a path is what the container sees there. Bind mode builds
     * its own root and is not held to this.
     */
    static void checkTargets(List<Step> steps, String root, Path rootfs, Optional<Path> layer)
            throws PolicyRejectedException {
        for (Step step : steps) {
            String target = target(step);
            if (target == null || !target.startsWith(root + "/")) {
                continue;
            }
            String[] names = target.substring(root.length() + 1).split("/");
            Path inRootfs = rootfs;
            Path inLayer = layer.orElse(null);
            for (int i = 0; i < names.length; i++) {
                inRootfs = inRootfs == null ? null : inRootfs.resolve(names[i]);
                inLayer = inLayer == null ? null : inLayer.resolve(names[i]);
                // The layer's entry, if it has one here, hides the rootfs's (a whiteout: nothing is there).
                Path at = inLayer != null && Files.exists(inLayer, LinkOption.NOFOLLOW_LINKS) ? inLayer : inRootfs;
                boolean last = i == names.length - 1;
                if (at == null) {
                    break; // beneath an opaque directory of the layer, the layer alone has nothing here
                }
                if (!Files.isSymbolicLink(at)) {
                    if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                        break; // not there (made by the plan), a file or a whiteout: no link to follow
                    }
                    if (at == inLayer && opaque(at)) {
                        inRootfs = null; // the rootfs's directory is hidden beneath it
                    }
                    continue;
                }
                if (last && !(step instanceof Step.Mkdir)) {
                    break;
                }
                String inside = "/" + String.join("/", List.of(names).subList(0, i + 1));
                throw new PolicyRejectedException("--rootfs-mode overlay: " + (at == inLayer ? "the image's layer's "
                        : "the rootfs's ") + inside + " is a symbolic"
                        + " link (to " + linkText(at) + ")" + (last ? ", where the container needs a directory"
                        : ", on the way to " + target.substring(root.length())) + "; an overlay root is the rootfs's"
                        + " own tree, and Nucleus follows no link in it: make " + inside + " a directory in the"
                        + " rootfs, or use --rootfs-mode bind");
            }
        }
    }

    /**
     * What the plan makes in the upper layer, as {@link RuntimeMadePaths} records it for {@code
     * image commit}: every directory or file a step makes or mounts on that the lower layers (the
     * image's layer over the rootfs) lack, with the parents they lack too. What lies beneath
     * another mount (a device node in the tmpfs {@code /dev}) is recorded all the same and never
     * found in the upper layer. Read after {@link #checkTargets}, so no link is on the way.
     */
    static List<RuntimeMadePaths.Made> made(List<Step> steps, String root, Path rootfs, Optional<Path> layer) {
        java.util.LinkedHashMap<String, RuntimeMadePaths.Made> made = new java.util.LinkedHashMap<>();
        for (Step step : steps) {
            String target = target(step);
            if (target == null || step instanceof Step.WriteFile || !target.startsWith(root + "/")) {
                continue;
            }
            String[] names = target.substring(root.length() + 1).split("/");
            Path inRootfs = rootfs;
            Path inLayer = layer.orElse(null);
            StringBuilder path = new StringBuilder();
            boolean lacking = false;
            for (int i = 0; i < names.length; i++) {
                if (names[i].isEmpty() || names[i].equals(".") || names[i].equals("..")) {
                    break; // the plan's paths are canonical; anything else is left alone
                }
                path.append('/').append(names[i]);
                boolean last = i == names.length - 1;
                if (!lacking) {
                    inRootfs = inRootfs == null ? null : inRootfs.resolve(names[i]);
                    inLayer = inLayer == null ? null : inLayer.resolve(names[i]);
                    Path at = inLayer != null && Files.exists(inLayer, LinkOption.NOFOLLOW_LINKS) ? inLayer : inRootfs;
                    if (at != null && at == inLayer && whiteout(at)) {
                        at = null;
                    }
                    if (at != null && Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                        if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                            break; // a file the lowers have: nothing made here or beneath
                        }
                        if (at == inLayer && opaque(at)) {
                            inRootfs = null;
                        }
                        continue;
                    }
                    lacking = true;
                }
                if (last && step instanceof Step.MkFile) {
                    made.put(path.toString(), new RuntimeMadePaths.Made(path.toString(), false)); // a file mount point
                } else {
                    made.putIfAbsent(path.toString(), new RuntimeMadePaths.Made(path.toString(), true));
                }
            }
        }
        return List.copyOf(made.values());
    }

    private static boolean whiteout(Path entry) {
        try {
            return OverlayMarks.whiteout(entry);
        } catch (IOException e) {
            return false;
        }
    }

    /** An opaque directory of the layer; one whose marks cannot be read counts as not (the check then errs to refusing). */
    private static boolean opaque(Path directory) {
        try {
            return OverlayMarks.opaque(directory);
        } catch (IOException e) {
            return false;
        }
    }

    /** Where a step makes or mounts something, or null. (instanceof: a pattern switch spins a class at run time.) */
    private static String target(Step step) {
        if (step instanceof Step.Mkdir m) {
            return m.path();
        }
        if (step instanceof Step.Mount m) {
            return m.target();
        }
        if (step instanceof Step.MkFile f) {
            return f.path();
        }
        if (step instanceof Step.WriteFile w) {
            return w.path();
        }
        return null;
    }

    private static String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The layers for this launch, made if they are not there yet and given to {@code owner} (the
     * host ids of container root, which mounts them in its user namespace). The upper layer's top
     * is the container's "/", so it is 0755. Root's launch in a user namespace gets its rootfs
     * idmapped ({@link #idmappedTree}). An image's layer comes from the {@link LayerCache}.
     */
    static Optional<RootfsOverlay> prepare(ContainerSpec spec, Path rootfs, Path containerDirectory,
                                           Optional<RuntimeDirectory.Owner> owner, long callerUid, Path runtimeBase)
            throws IOException, LaunchFailedException {
        if (spec.request().filesystem().rootfs().mode() != RootfsMode.OVERLAY) {
            return Optional.empty();
        }
        Optional<ImageLayer> image = spec.request().filesystem().rootfs().layer();
        if (image.isPresent() && callerUid != 0) {
            throw new PolicyRejectedException("--rootfs-layer: only root runs an image's layer (its files keep their"
                    + " owners, whiteouts and trusted.* marks, and verified layers are kept where only root reaches)");
        }
        Path layers = directory(containerDirectory.resolve(DIRECTORY), 0700, owner);
        Path upper = directory(layers.resolve("upper"), 0755, owner);
        Path work = directory(layers.resolve("work"), 0700, owner);
        Optional<String> lower = image.isPresent()
                ? Optional.of(imageLayer(image.get(), layers, spec.userNamespace(), new LayerCache(runtimeBase), owner)
                        .toString())
                : Optional.empty();
        // Root can idmap the rootfs by a user namespace's maps; nobody else can.
        boolean idmapped = spec.userNamespace().enabled() && callerUid == 0;
        return Optional.of(new RootfsOverlay(rootfs.toString(), upper.toString(), work.toString(),
                spec.userNamespace().enabled(), idmapped, lower));
    }

    /**
     * The image's layer as this container names it: the cache's verified entry, shared with every
     * container running the image (filled, and digested against the signed digest, at the first
     * start that needs it: the image directory may change after {@code image run} verified it,
     * the entry cannot). In a user namespace, an empty directory in the container's state instead,
     * where the shim attaches the runtime's copy of the entry's mount idmapped by the container's
     * maps ({@link #idmappedLayer}), as it does the rootfs's.
     */
    private static Path imageLayer(ImageLayer layer, Path layers, UserNamespacePlan userns, LayerCache cache,
                                   Optional<RuntimeDirectory.Owner> owner) throws IOException, LaunchFailedException {
        Path entry;
        try {
            entry = cache.acquire(layer.digest(), Path.of(layer.directory().path()), layers.resolve(LayerCache.REFERENCE));
        } catch (ImageRefusedException e) {
            // Named as the image's layer: image run gives --rootfs-layer itself, its user never did.
            throw new PolicyRejectedException("the image layer " + layer.directory().path() + ": " + e.getMessage());
        }
        return userns.enabled() ? directory(layers.resolve("image"), 0700, owner) : entry;
    }

    /**
     * For root's overlay launch in a user namespace ({@link RootfsOverlay#idmapped}): a detached
     * copy of the rootfs's mount ({@code overlay.lower()}, the path the plan was built from),
     * idmapped by the container's maps, for the shim to pass on (close it after); else -1. With
     * it, the rootfs's files show in the container as owned on the host (root's as container
     * root's), and the workload can change them through its layer as it could without the
     * namespace. Without it, a remapped root would see a root-owned rootfs as nobody's.
     */
    static int idmappedTree(Optional<RootfsOverlay> overlay, UserNamespacePlan userns) throws LaunchFailedException {
        if (overlay.isEmpty() || !overlay.get().idmapped()) {
            return -1;
        }
        return idmapped(overlay.get().lower(), userns, "the rootfs");
    }

    /** The cache entry of the image's layer this launch runs on (filled by {@link #prepare}), if it runs on one. */
    static Optional<Path> imageEntry(ContainerSpec spec, Path runtimeBase) throws LaunchFailedException {
        Optional<ImageLayer> layer = spec.request().filesystem().rootfs().layer();
        if (layer.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LayerCache(runtimeBase).entry(layer.get().digest()));
        } catch (IOException e) {
            throw new LaunchFailedException("--rootfs-layer: " + e.getMessage(), e);
        }
    }

    /**
     * The same for an image's layer: the idmapped copy of its cache entry, for the plan's
     * ATTACH_LAYER; else -1. One verified copy of a layer then serves every container, whatever
     * its maps: nothing is copied or re-owned.
     */
    static int idmappedLayer(Optional<RootfsOverlay> overlay, ContainerSpec spec, Path runtimeBase)
            throws LaunchFailedException {
        if (overlay.isEmpty() || !overlay.get().idmapped() || overlay.get().image().isEmpty()) {
            return -1;
        }
        return idmapped(imageEntry(spec, runtimeBase).orElseThrow().toString(), spec.userNamespace(),
                "the image's layer");
    }

    private static int idmapped(String path, UserNamespacePlan userns, String what) throws LaunchFailedException {
        try {
            return NativeMounts.idmappedTree(path, IdMaps.lines(userns.uidMap()), IdMaps.lines(userns.gidMap()));
        } catch (NativeShimException e) {
            throw new LaunchFailedException("--rootfs-mode overlay: cannot idmap " + what + " " + path
                    + " for the container's user namespace: " + e.getMessage(), e);
        }
    }

    /**
     * What to warn of when an unprivileged caller's user namespace does not map the rootfs's owner
     * (a root-owned rootfs, say): the workload sees those files owned by nobody and cannot change
     * them through the overlay, only what the ids it maps own. (Root's are idmapped instead.)
     */
    static Optional<String> unmappedOwner(Optional<RootfsOverlay> overlay, UserNamespacePlan userns, Path rootfs)
            throws IOException {
        if (overlay.isEmpty() || !userns.enabled() || overlay.get().idmapped()) {
            return Optional.empty();
        }
        long owner = ((Number) Files.getAttribute(rootfs, "unix:uid")).longValue();
        boolean mapped = Lists.anyMatch(userns.uidMap(), m -> owner >= m.hostId() && owner < m.hostId() + m.count());
        return mapped ? Optional.empty() : Optional.of("--rootfs-mode overlay: the rootfs's owner, host uid " + owner
                + ", is not mapped in the container's user namespace: the workload can change only what the ids"
                + " it maps own in the rootfs");
    }

    /** {@code dir} made with {@code mode} (less the umask) unless a restart finds it, then given to the owner. */
    private static Path directory(Path dir, int mode, Optional<RuntimeDirectory.Owner> owner) throws IOException {
        if (!NativeFiles.isDirectory(dir)) {
            // Not there yet (a restart finds its layers); a link there is refused by mkdir (EEXIST).
            NativeFiles.mkdir(dir, mode);
        }
        if (owner.isPresent()) {
            owner.get().give(dir);
        }
        return dir;
    }

    /** The real path of {@code path}, or of its nearest existing ancestor with the rest appended (made later). */
    private static Path realBeneath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? path : existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }

    private static String real(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException e) {
            return path; // a path that is not there is named by the host-path checks
        }
    }
}
