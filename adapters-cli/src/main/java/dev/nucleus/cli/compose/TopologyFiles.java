package dev.nucleus.cli.compose;

import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.config.TomlPlaces;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.topology.Topology;
import dev.nucleus.domain.topology.TopologyReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        JsonNode root;
        try {
            root = TomlMapper.builder().build().readTree(text);
        } catch (JacksonException e) {
            tools.jackson.core.TokenStreamLocation at = e.getLocation();
            String where = at != null && at.getLineNr() > 0
                    ? file + ":" + TomlPlaces.scan(text).errorLine(at.getLineNr(), at.getColumnNr()) : file;
            throw new InvalidRequestException(new Problem(where, "not valid TOML: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(new Problem(file, "expected a table"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) plain(root);
        try {
            return TopologyReader.read(tree, directory);
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(TopologyDocument.locate(e.problems(), file, text));
        }
    }

    /** Tables as maps (in document order), arrays as lists, integers as Long, floats as Double. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                out.put(field.getKey(), plain(field.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            node.forEach(n -> out.add(plain(n)));
            return out;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : node.asString();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asString();
    }
}
