package dev.nucleus.linux.backend;

import dev.nucleus.domain.integrity.RootfsClosure;
import dev.nucleus.domain.plan.PlanInputs.StoreObject;
import dev.nucleus.linux.jni.NativeFiles;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.PolicyRejectedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
            // natively: the JDK's attribute and channel code costs a cold launch tenths of a millisecond
            if (!NativeFiles.lstat(list).regularFile()) {
                throw new PolicyRejectedException(list + ": the rootfs's closure list must be a regular file");
            }
            text = new String(NativeFiles.readNoFollow(list), StandardCharsets.UTF_8);
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
            NativeFiles.Lstat a = NativeFiles.lstat(p);
            if (a.symlink()) {
                return new StoreObject(path, StoreObject.Kind.SYMLINK, Optional.of(Files.readSymbolicLink(p).toString()));
            }
            if (a.directory()) {
                return new StoreObject(path, StoreObject.Kind.DIRECTORY, Optional.empty());
            }
            if (a.regularFile()) {
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
