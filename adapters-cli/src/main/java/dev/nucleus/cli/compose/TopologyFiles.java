package dev.nucleus.cli.compose;

import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.config.TomlTree;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.topology.Topology;
import dev.nucleus.domain.topology.TopologyReader;
import dev.nucleus.linux.toml.TomlReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads a topology file (TOML): a missing or unreadable file is a usage error, a bad one lists its problems. */
public final class TopologyFiles {
    private TopologyFiles() {
    }

    /** The file read and checked: its problems found later are placed in it too. */
    public static TopologyDocument read(String file) throws UsageException, InvalidRequestException {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--file " + file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("--file " + file + ": cannot read: " + e.getMessage());
        }
        Path directory = Path.of(file).toAbsolutePath().normalize().getParent();
        return new TopologyDocument(parse(text, file, directory == null ? "/" : directory.toString()), file, text);
    }

    /**
     * {@code file}: the file's name in messages; {@code directory}: where the file is; its relative
     * host paths are relative to it.
     */
    static Topology parse(String text, String file, String directory) throws InvalidRequestException {
        Map<String, Object> tree;
        try {
            tree = TomlReader.read(text);
        } catch (TomlReader.Malformed e) {
            throw new InvalidRequestException(TomlTree.problem(text, file, e));
        }
        try {
            return TopologyReader.read(tree, directory);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(TopologyDocument.locate(e.problems(), file, text));
        }
    }
}
