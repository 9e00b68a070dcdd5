package dev.nucleus.linux.backend;

import dev.nucleus.domain.integrity.RootfsClosure;
import dev.nucleus.domain.plan.PlanInputs.StoreObject;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's side of a rootfs's {@link RootfsClosure}: each listed object as this host's store
 * holds it. A list that names something else, or an object this store lacks, refuses the launch
 * (exit 2) before anything is made: the workload's programs would dangle.
 */
public final class NixClosure {
    private NixClosure() {
    }

    /** The closure of {@code rootfs} (canonical), empty when it lists none. */
    public static List<StoreObject> of(Path rootfs) throws LaunchFailedException {
        Path list = rootfs.resolve(RootfsClosure.FILE_NAME);
        String text;
        try {
            BasicFileAttributes a = Files.readAttributes(list, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new PolicyRejectedException(list + ": the rootfs's closure list must be a regular file");
            }
            text = Files.readString(list, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read " + list + ": " + e.getMessage(), e);
        }
        List<String> paths;
        try {
            paths = RootfsClosure.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PolicyRejectedException(list + ": " + e.getMessage());
        }
        List<StoreObject> objects = new ArrayList<>(paths.size());
        for (String path : paths) {
            objects.add(object(list, path));
        }
        return objects;
    }

    private static StoreObject object(Path list, String path) throws LaunchFailedException {
        Path p = Path.of(path);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return new StoreObject(path, StoreObject.Kind.SYMLINK, Optional.of(Files.readSymbolicLink(p).toString()));
            }
            if (a.isDirectory()) {
                return new StoreObject(path, StoreObject.Kind.DIRECTORY, Optional.empty());
            }
            if (a.isRegularFile()) {
                return new StoreObject(path, StoreObject.Kind.FILE, Optional.empty());
            }
            throw new PolicyRejectedException(list + ": " + path + " is neither a directory, a file nor a symlink");
        } catch (NoSuchFileException e) {
            throw new PolicyRejectedException(list + ": " + path + " is not in this host's Nix store"
                    + " (copy the rootfs's closure here first, e.g. nix-copy-closure or nix copy)");
        } catch (IOException e) {
            throw new LaunchFailedException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
