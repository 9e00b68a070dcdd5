package dev.nucleus.linux.backend;

import dev.nucleus.domain.rules.ContextPolicy;
import dev.nucleus.domain.rules.PathPolicy;
import dev.nucleus.domain.spec.Context;
import dev.nucleus.domain.spec.ContextMode;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.linux.jni.NativeTree;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prepares what the container sees at /context: a filtered copy staged in the container's runtime
 * directory (copy mode), or the canonical source itself (bind mode, refused if the tree holds a
 * symlink or a special file). Either way it is mounted read-only; with integrity checking, the
 * staged tree must hash exactly like the source.
 */
public final class ContextStager {
    private ContextStager() {
    }

    /** The host directory to bind at /context. */
    public static Path prepare(Context context, Path staging) throws LaunchFailedException {
        Path source;
        try {
            source = Path.of(context.source().path()).toRealPath();
        } catch (IOException e) {
            throw new LaunchFailedException("--context " + context.source() + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(source) || PathPolicy.deniedBindSource(source.toString())) {
            throw new PolicyRejectedException("--context " + context.source() + " resolves to " + source
                    + ": it must be a directory outside the protected host paths");
        }
        try {
            if (context.mode() == ContextMode.BIND) {
                refuseLinksAndSpecialFiles(source);
                return source;
            }
            copy(source, staging);
            if (context.verifyIntegrity()) {
                verify(source, staging);
            }
            return staging;
        } catch (IOException e) {
            throw new LaunchFailedException("--context " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the directories and regular files no exclusion rule names ({@link #kept}). The walk and
     * the copy are native (no stat per entry, no symlink followed); which entries go is decided here.
     */
    private static void copy(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        NativeTree.Listing listing = listing(source);
        try {
            NativeTree.copy(source.toString(), target.toString(), listing, kept(listing.entries()));
        } catch (NativeShimException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The tree's directories and regular files down to the depth limit, each directory before what it holds. */
    private static NativeTree.Listing listing(Path root) throws IOException {
        try {
            return NativeTree.list(root.toString(), ContextPolicy.MAX_DEPTH);
        } catch (NativeShimException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Which listed entries a copy keeps: those no exclusion rule names, outside an excluded
     * directory's subtree (which follows that directory in the listing).
     */
    private static boolean[] kept(List<NativeTree.Entry> entries) {
        boolean[] keep = new boolean[entries.size()];
        String skipping = null; // an excluded directory's path + "/"
        for (int i = 0; i < entries.size(); i++) {
            String rel = entries.get(i).relativePath();
            if (skipping != null && rel.startsWith(skipping)) {
                continue;
            }
            skipping = null;
            if (ContextPolicy.excluded(rel.substring(rel.lastIndexOf('/') + 1))) {
                skipping = entries.get(i).directory() ? rel + "/" : null;
                continue;
            }
            keep[i] = true;
        }
        return keep;
    }

    /**
     * A bound tree is shown as it is, so every entry must be a directory or a regular file: a socket
     * would let the container connect to a host service (a read-only mount does not stop that), a
     * symlink or fifo would reach past the tree. Entries beyond the depth limit are refused rather
     * than left unchecked. One readdir per directory, no stat per entry.
     */
    private static void refuseLinksAndSpecialFiles(Path source) throws IOException, LaunchFailedException {
        java.util.Optional<NativeTree.Offender> offender;
        try {
            offender = NativeTree.firstNotPlain(source.toString(), ContextPolicy.MAX_DEPTH);
        } catch (NativeShimException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (offender.isPresent()) {
            NativeTree.Offender o = offender.get();
            String why = o.kind() == NativeTree.Kind.TOO_DEEP
                    ? " lies deeper than " + ContextPolicy.MAX_DEPTH + " levels, where bind mode cannot vouch for it"
                    : " is " + o.kind().description() + ", which bind mode refuses";
            // an invalid request (exit 2), as a tree bind mode cannot show is the user's to change
            throw new PolicyRejectedException("--context-mode bind: " + source.resolve(o.relativePath()) + why
                    + "; use --context-mode copy, which skips symlinks and special files");
        }
    }

    /** The staged copy must hold exactly the source's kept files, byte for byte. */
    static void verify(Path source, Path staging) throws IOException, LaunchFailedException {
        Map<String, String> want = manifest(source);
        Map<String, String> have = manifest(staging);
        if (!want.equals(have)) {
            java.util.Set<String> differing = new java.util.TreeSet<>(want.keySet());
            differing.addAll(have.keySet());
            differing.removeIf(k -> java.util.Objects.equals(want.get(k), have.get(k)));
            throw new LaunchFailedException("--verify-context-integrity: the copy at /context differs from " + source
                    + " in " + differing.stream().limit(5).toList());
        }
    }

    /** Relative path → SHA-256 of every regular file the copy keeps ({@link #kept}). */
    static Map<String, String> manifest(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<NativeTree.Entry> entries = listing(root).entries();
        boolean[] keep = kept(entries);
        for (int i = 0; i < entries.size(); i++) {
            if (keep[i] && !entries.get(i).directory()) {
                out.put(entries.get(i).relativePath(), sha256(root.resolve(entries.get(i).relativePath())));
            }
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes a staged copy (never the source of a bind), following no symlink; a missing one is fine. */
    static void remove(Path staging) throws IOException {
        try {
            NativeTree.removeTree(staging.toString());
        } catch (NativeShimException e) {
            throw new IOException(staging + ": " + e.getMessage(), e);
        }
    }
}
