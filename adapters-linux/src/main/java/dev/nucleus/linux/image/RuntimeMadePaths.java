package dev.nucleus.linux.image;

import dev.nucleus.domain.value.Lists;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The directories and files an overlay container's runtime made in its upper layer before the
 * workload ran: mount points (and their parents) the rootfs and image layer lack, such as
 * {@code /proc}, {@code /dev}, {@code /run/secrets} or the home. The launch records them in the
 * container's state directory ({@code runtime-made-paths}, 0600); {@code image commit} leaves
 * out of the image's layer each one still empty, as it was made (a directory with nothing in
 * it, a file with no bytes), since it is the runtime's, not a change of the workload. The
 * workload cannot have made one of them itself: each was there before it ran (and a mount point
 * cannot be removed from under its mount). What it put inside one is kept, with the directory.
 */
public final class RuntimeMadePaths {
    public static final String FILE = "runtime-made-paths";

    /** One path: {@code directory} or a file, at its container path ({@code /proc}). */
    public record Made(String path, boolean directory) {
        public Made {
            if (!path.startsWith("/") || path.equals("/") || path.contains("\n") || path.endsWith("/")
                    || Lists.anyMatch(List.of(path.substring(1).split("/")), n -> n.isEmpty() || n.equals(".")
                    || n.equals(".."))) {
                throw new IllegalArgumentException("not a canonical container path: " + path);
            }
        }
    }

    private RuntimeMadePaths() {
    }

    /** Records {@code made} for the container at {@code containerDirectory} (replacing an earlier start's). */
    public static void write(Path containerDirectory, List<Made> made) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Made m : made) {
            text.append(m.directory() ? 'd' : 'f').append(' ').append(m.path()).append('\n');
        }
        OwnerOnlyFile.write(containerDirectory.resolve(FILE), text.toString());
    }

    /** The container's record; empty when it has none (a container started before it was kept). */
    public static List<Made> read(Path containerDirectory) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(containerDirectory.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Made> made = new ArrayList<>();
        for (String line : lines) {
            if (line.length() < 3 || line.charAt(1) != ' ' || "df".indexOf(line.charAt(0)) < 0) {
                throw new IOException(containerDirectory.resolve(FILE) + " is damaged: " + line);
            }
            try {
                made.add(new Made(line.substring(2), line.charAt(0) == 'd'));
            } catch (IllegalArgumentException e) {
                throw new IOException(containerDirectory.resolve(FILE) + " is damaged: " + e.getMessage(), e);
            }
        }
        return made;
    }

    /**
     * Removes from {@code layer} (a copy of the upper layer) each made path still as the runtime
     * made it: an empty directory (not an opaque one, which hides the rootfs's) or an empty
     * regular file. Deepest first, so a parent the runtime made is empty once its mount points
     * are gone. Nothing is followed: a path through a link of the layer is left alone.
     */
    public static List<String> prune(Path layer, List<Made> made) throws IOException {
        List<Made> deepestFirst = new ArrayList<>(made);
        deepestFirst.sort(Comparator.comparingInt((Made m) -> depth(m.path())).reversed().thenComparing(Made::path));
        List<String> removed = new ArrayList<>();
        for (Made m : deepestFirst) {
            Path at = within(layer, m.path());
            if (at == null) {
                continue;
            }
            boolean asMade = m.directory()
                    ? Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS) && !OverlayMarks.opaque(at)
                    : Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS) && Files.size(at) == 0;
            if (!asMade) {
                continue;
            }
            try {
                Files.delete(at);
                removed.add(m.path());
            } catch (DirectoryNotEmptyException e) {
                // the workload put something in it: kept, with what it holds
            }
        }
        return removed;
    }

    /** How many '/' {@code path} holds. */
    private static int depth(String path) {
        int slashes = 0;
        for (int i = 0; i < path.length(); i++) {
            slashes += path.charAt(i) == '/' ? 1 : 0;
        }
        return slashes;
    }

    /** The entry at {@code path} in {@code layer}, if every directory on the way is one (no link); else null. */
    private static Path within(Path layer, String path) {
        Path at = layer;
        String[] names = path.substring(1).split("/");
        for (int i = 0; i < names.length - 1; i++) {
            at = at.resolve(names[i]);
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        }
        at = at.resolve(names[names.length - 1]);
        return Files.exists(at, LinkOption.NOFOLLOW_LINKS) ? at : null;
    }
}
