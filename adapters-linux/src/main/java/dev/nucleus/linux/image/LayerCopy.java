package dev.nucleus.linux.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Copies a layer with everything it carries: owners, modes, times, links, hard links, extended
 * attributes (file capabilities, ACLs, overlayfs's marks) and whiteouts. GNU {@code cp -a} does
 * all of that; the caller checks the copy's {@link LayerDigest}, so anything it dropped shows.
 */
public final class LayerCopy {
    private static final List<String> CP = List.of("/usr/bin/cp", "/bin/cp");

    private LayerCopy() {
    }

    /** Copies the tree at {@code from} to {@code to}, which must not exist yet. */
    public static void copy(Path from, Path to) throws IOException {
        String cp = CP.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IOException("no cp at " + CP + " to copy the layer with"));
        Process p = new ProcessBuilder(cp, "-a", "-T", "--", from.toString(), to.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("copying the layer " + from + " took over 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying the layer " + from, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("copying the layer " + from + " to " + to + " failed (cp exit " + p.exitValue()
                    + "): " + output);
        }
    }

    /** Removes a tree this code made (a partial copy), not following links. */
    public static void remove(Path tree) throws IOException {
        if (!Files.exists(tree, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(tree)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
