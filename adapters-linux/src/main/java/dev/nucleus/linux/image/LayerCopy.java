package dev.nucleus.linux.image;

import dev.nucleus.linux.jni.NativeChild;
import dev.nucleus.linux.jni.NativeShimException;
import dev.nucleus.linux.jni.NativeTree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies a layer with everything it carries: owners, modes, times, links, hard links, extended
 * attributes (file capabilities, ACLs, overlayfs's marks) and whiteouts. GNU {@code cp -a} does
 * all of that; the caller checks the copy's {@link LayerDigest}, so anything it dropped shows.
 */
public final class LayerCopy {
    private static final List<String> CP = List.of("/usr/bin/cp", "/bin/cp");

    private LayerCopy() {
    }

    /**
     * Copies the tree at {@code from} to {@code to}, which must not exist yet. cp starts through
     * {@code posix_spawn} ({@link NativeChild}): a first {@code ProcessBuilder} costs a cold JVM
     * some 14 ms of logger lookup, on the path of every {@code image run}.
     */
    public static void copy(Path from, Path to) throws IOException {
        cp(from, to);
    }

    /**
     * Copies the tree at {@code from} into the existing directory {@code to}: its directories
     * merged with those already there (their attributes {@code from}'s), everything else added.
     */
    static void merge(Path from, Path to) throws IOException {
        cp(from, to);
    }

    /** {@code cp -a -T}: {@code to} becomes {@code from}'s copy, merged into it when both are directories. */
    private static void cp(Path from, Path to) throws IOException {
        String cp = CP.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IOException("no cp at " + CP + " to copy the layer with"));
        try (NativeChild child = NativeChild.start(List.of(cp, "-a", "-T", "--", from.toString(), to.toString()),
                true)) {
            child.stdout().close(); // cp -a writes nothing there
            String errors = new String(child.stderr().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = child.waitFor();
            if (status != 0) {
                throw new IOException("copying the layer " + from + " to " + to + " failed (cp exit " + status + "): "
                        + errors);
            }
        }
    }

    /**
     * Removes a tree this code made (a partial copy) with the shim's {@code rm -rf}, which never
     * follows a link out of it; a missing tree is no error.
     */
    public static void remove(Path tree) throws IOException {
        try {
            NativeTree.removeTree(tree.toString());
        } catch (NativeShimException e) {
            throw new IOException("removing " + tree + ": " + e.getMessage(), e);
        }
    }
}
