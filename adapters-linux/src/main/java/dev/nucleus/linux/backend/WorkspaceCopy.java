package dev.nucleus.linux.backend;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code --workspace-mode copy-in-out}: the workload works on a private copy; after it ran, changed
 * and new entries are copied back and entries it deleted are deleted in the source. Symlinks are
 * copied as links, never followed. Nothing is synced when the workload never started.
 */
public final class WorkspaceCopy {
    private final Path source;
    private final Path staged;
    private final Set<String> snapshot = new HashSet<>();

    private WorkspaceCopy(Path source, Path staged) {
        this.source = source;
        this.staged = staged;
    }

    /** Copies {@code source} to {@code staged} and remembers what it held. */
    public static WorkspaceCopy stage(Path source, Path staged) throws IOException {
        WorkspaceCopy copy = new WorkspaceCopy(source, staged);
        copy.snapshot.addAll(mirror(source, staged));
        return copy;
    }

    Path staged() {
        return staged;
    }

    /** Copies the workload's changes back to the source. */
    public void syncBack() throws IOException {
        Set<String> now = mirror(staged, source);
        snapshot.stream().filter(rel -> !now.contains(rel))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .forEach(rel -> deleteQuietly(source.resolve(rel)));
    }

    /** Makes {@code to} hold everything {@code from} holds; returns the relative paths seen. */
    private static Set<String> mirror(Path from, Path to) throws IOException {
        Set<String> seen = new HashSet<>();
        Files.createDirectories(to);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = from.relativize(dir).toString();
                if (!rel.isEmpty()) {
                    seen.add(rel);
                    Path target = to.resolve(rel);
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        deleteQuietly(target);
                        Files.createDirectory(target);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = from.relativize(file).toString();
                Path target = to.resolve(rel);
                if (attrs.isSymbolicLink()) {
                    seen.add(rel);
                    Path link = Files.readSymbolicLink(file);
                    if (!Files.isSymbolicLink(target) || !Files.readSymbolicLink(target).equals(link)) {
                        deleteQuietly(target);
                        Files.createSymbolicLink(target, link);
                    }
                } else if (attrs.isRegularFile()) {
                    seen.add(rel);
                    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.mismatch(file, target) != -1) {
                        deleteQuietly(target);
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return seen;
    }

    private static void deleteQuietly(Path p) {
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                ContextStager.remove(p);
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
