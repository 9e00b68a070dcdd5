package dev.nucleus.linux.backend;

import dev.nucleus.domain.plan.PlanInputs.TopLevelEntry;
import dev.nucleus.domain.spec.RootfsSource;
import dev.nucleus.linux.jni.NativeFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The top-level entries exposed read-only: the host's system directories (recreating merged-/usr
 * symlinks as symlinks), or every top-level directory, symlink and regular file of a rootfs
 * (its {@code /entrypoint.sh}, say) except those Nucleus mounts itself.
 */
final class SystemEntries {
    static final List<String> HOST = List.of("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "nix/store");

    private SystemEntries() {
    }

    static List<TopLevelEntry> host() throws IOException {
        List<TopLevelEntry> out = new ArrayList<>();
        for (String name : HOST) {
            entry(Path.of("/", name), name).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The rootfs's entries; with {@code closureShown} its own {@code nix} is left out: the runtime
     * shows the rootfs's Nix closure under /nix/store itself.
     */
    static List<TopLevelEntry> rootfs(Path rootfs, boolean closureShown) throws IOException {
        List<TopLevelEntry> out = new ArrayList<>();
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(rootfs)) {
            listing.forEach(children::add);
        }
        children.sort(null);
        for (Path p : children) {
            String name = p.getFileName().toString();
            if (!RootfsSource.PROVIDED_ENTRIES.contains(name) && !name.startsWith(".nucleus-") && !(closureShown && name.equals("nix"))) {
                entry(p, name).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<TopLevelEntry> entry(Path path, String name) throws IOException {
        NativeFiles.Lstat st = NativeFiles.lstatIfPresent(path); // one lstat, natively, for the type
        if (st == null) {
            return Optional.empty(); // absent or unknowable: as Files.isSymbolicLink and Files.isDirectory answer, neither
        }
        if (st.symlink()) {
            return Optional.of(new TopLevelEntry(name, path.toString(),
                    Optional.of(Files.readSymbolicLink(path).toString())));
        }
        if (st.directory()) {
            return Optional.of(new TopLevelEntry(name, path.toString(), Optional.empty()));
        }
        if (st.regularFile()) { // a rootfs's /entrypoint.sh, say (the host's system entries are no files)
            return Optional.of(new TopLevelEntry(name, path.toString(), Optional.empty(), true));
        }
        return Optional.empty();
    }
}
