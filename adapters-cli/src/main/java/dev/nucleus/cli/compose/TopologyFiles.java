package dev.nucleus.cli.compose;

import dev.nucleus.cli.common.UsageException;
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

    public static Topology read(String file) throws UsageException, InvalidRequestException {
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--file " + file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UsageException("--file " + file + ": cannot read: " + e.getMessage());
        }
        Path directory = Path.of(file).toAbsolutePath().normalize().getParent();
        return parse(text, directory == null ? "/" : directory.toString());
    }

    /** {@code directory}: where the file is; its relative host paths are relative to it. */
    static Topology parse(String text, String directory) throws InvalidRequestException {
        JsonNode root;
        try {
            root = TomlMapper.builder().build().readTree(text);
        } catch (JacksonException e) {
            tools.jackson.core.TokenStreamLocation at = e.getLocation();
            throw new InvalidRequestException(new Problem("TOML", (at != null && at.getLineNr() > 0
                    ? "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " : "") + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(new Problem("TOML", "expected a table"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) plain(root);
        return TopologyReader.read(tree, directory);
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
