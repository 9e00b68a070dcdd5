package dev.nucleus.linux.integrity;

import dev.nucleus.domain.integrity.RootfsManifest;
import dev.nucleus.domain.value.NixStorePath;
import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes and checks a rootfs's {@code .nucleus-rootfs-sha256}. The walk follows symlinks the
 * way {@code find -L} does, but as the container resolves them, not the host: an absolute target
 * and {@code ..} against the rootfs, as a chroot does (so {@code /bin/busybox} is the rootfs's),
 * and a target in {@code /nix/store/<32 nix-base32>-<name>} in the host's store object of that
 * name (the runtime binds it there). A link therefore never reads the host's files; attest and
 * verify share this walk, so they agree. Dangling symlinks (in the container) and special files
 * are not regular files and are not listed. This hashes the whole rootfs on every start.
 */
public final class RootfsAttestation {
    private static final int SHOWN = 5;

    /** The rootfs cannot be attested at all (a symlink escapes it, a name the format cannot carry). */
    public static final class Refused extends PolicyRejectedException {
        public Refused(String message) {
            super(message);
        }
    }

    private RootfsAttestation() {
    }

    /** The manifest {@code rootfs} should carry, from its current content. */
    public static RootfsManifest compute(Path rootfs) throws LaunchFailedException {
        Path root;
        try {
            root = rootfs.toRealPath();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Refused("rootfs attestation: " + rootfs + ": no such directory");
        } catch (IOException e) {
            throw new LaunchFailedException("rootfs attestation: cannot resolve " + rootfs + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(root)) {
            throw new Refused("rootfs attestation: " + rootfs + " is not a directory");
        }
        TreeMap<String, String> entries = new TreeMap<>(RootfsManifest.BYTE_ORDER);
        try {
            new Walk(root.toString(), entries).directory(root.toString(), "/", "");
        } catch (IOException e) {
            throw new LaunchFailedException("rootfs attestation: cannot read " + rootfs + ": " + e.getMessage(), e);
        }
        return new RootfsManifest(entries);
    }

    /** Writes the manifest of {@code rootfs} at its top (atomically) and returns it. */
    public static RootfsManifest write(Path rootfs) throws LaunchFailedException {
        RootfsManifest manifest = compute(rootfs);
        Path target = rootfs.resolve(RootfsManifest.FILE_NAME);
        try {
            Path tmp = Files.createTempFile(rootfs, ".nucleus-rootfs-sha256.", ".tmp");
            try {
                Files.writeString(tmp, manifest.format(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new LaunchFailedException("rootfs attestation: cannot write " + target + ": " + e.getMessage(), e);
        }
        return manifest;
    }

    /** The difference between the manifest at the top of {@code rootfs} and its current content. */
    public static RootfsManifest.Difference check(Path rootfs) throws LaunchFailedException {
        Path file = rootfs.resolve(RootfsManifest.FILE_NAME);
        RootfsManifest expected;
        if (!Files.isDirectory(rootfs)) {
            throw new Refused("rootfs attestation: " + rootfs + ": " + (Files.exists(rootfs) ? "not a directory"
                    : "no such directory"));
        }
        try {
            if (Files.isSymbolicLink(file) || Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                // never followed: a link could name a manifest outside the rootfs, or none
                throw new Refused("rootfs attestation: " + file + " is not a regular file (a symlink or other"
                        + " file is never followed; write it again with `nucleus rootfs attest " + rootfs + "`)");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new Refused("rootfs attestation: " + file + " is missing (write it with `nucleus rootfs attest "
                        + rootfs + "`)");
            }
            expected = RootfsManifest.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LaunchFailedException("rootfs attestation: cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new Refused("rootfs attestation: " + file + ": " + e.getMessage());
        }
        return expected.compare(compute(rootfs));
    }

    /** Fails unless {@code rootfs} matches its manifest exactly, naming the first differences. */
    public static void verify(Path rootfs) throws LaunchFailedException {
        RootfsManifest.Difference d = check(rootfs);
        if (!d.clean()) {
            throw new PolicyRejectedException("--verify-rootfs-attestation: " + rootfs + " does not match its "
                    + RootfsManifest.FILE_NAME + ": " + d.describe(SHOWN));
        }
    }

    /**
     * One walk: each directory listed in one native call (with where its links lead inside the
     * container), each file hashed once by its path (a Nix-built rootfs reaches one busybox through
     * hundreds of applet links). What may be followed is decided here.
     */
    private static final class Walk {
        private final String root;
        private final TreeMap<String, String> out;
        private final Deque<String> stack = new ArrayDeque<>();
        private final Map<String, String> digests = new HashMap<>();

        Walk(String root, TreeMap<String, String> out) {
            this.root = root;
            this.out = out;
        }

        /** The directory at {@code dir} on the host, which the container sees at {@code at}. */
        void directory(String dir, String at, String prefix) throws IOException, LaunchFailedException {
            NativeFiles.Listing listing = NativeFiles.entries(Path.of(root), Path.of(dir), at);
            if (stack.contains(listing.real())) {
                throw new Refused("rootfs attestation: symlink loop at " + (prefix.isEmpty() ? "/" : prefix));
            }
            stack.push(listing.real());
            // Sorted so that a refusal always names the first offending path in manifest order.
            List<NativeFiles.Entry> entries = new ArrayList<>(listing.entries());
            entries.sort((a, b) -> RootfsManifest.BYTE_ORDER.compare(a.name(), b.name()));
            for (NativeFiles.Entry e : entries) {
                String rel = prefix + e.name();
                if (rel.equals(RootfsManifest.FILE_NAME) || e.dangles()) {
                    continue; // a dangling link is not a regular file, as with find -L -type f
                }
                boolean link = e.kind() == 'l';
                String target = link ? allowedTarget(e, rel) : listing.real() + "/" + e.name();
                char kind = link ? e.targetKind() : e.kind();
                if (kind == 'd') {
                    directory(target, link ? e.path() : (at.equals("/") ? "" : at) + "/" + e.name(), rel + "/");
                } else if (kind == 'f') {
                    file(rel, target);
                }
            }
            stack.pop();
        }

        private void file(String rel, String target) throws IOException, LaunchFailedException {
            try {
                RootfsManifest.checkPath(rel);
            } catch (IllegalArgumentException e) {
                throw new Refused("rootfs attestation: " + e.getMessage());
            }
            String digest = digests.get(target);
            if (digest == null) {
                digest = HexFormat.of().formatHex(NativeFiles.sha256Reached(Path.of(root), Path.of(target)));
                digests.put(target, digest);
            }
            out.put(rel, digest);
        }

        /**
         * Where a link leads on the host. The native side resolves it as the container does (inside
         * the rootfs, as a chroot, or in a store object), so it cannot lead elsewhere; this holds it
         * to that all the same, since a host path outside both must never be read.
         */
        private String allowedTarget(NativeFiles.Entry link, String rel) throws LaunchFailedException {
            String real = link.target();
            if (within(real, root) || NixStorePath.isStorePath(real)) {
                return real;
            }
            throw new Refused("rootfs attestation: symlink " + rel + " -> " + link.text() + " points outside the"
                    + " rootfs (" + real + ": only the rootfs and /nix/store/<hash>-<name> objects are read)");
        }

        private static boolean within(String path, String dir) {
            return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
        }
    }
}
