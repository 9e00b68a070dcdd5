package dev.nucleus.cli.compose;

import dev.nucleus.cli.config.DocumentTree;
import dev.nucleus.cli.config.RefusedElement;
import dev.nucleus.cli.config.TomlPlaces;
import dev.nucleus.cli.config.TomlTree;
import dev.nucleus.domain.launch.Problem;
import dev.nucleus.domain.topology.Topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A topology as read from its file, with the file's text kept so that the problems its checks
 * find later ({@code services.web: key 'memory': ...}) are placed in it too.
 */
public record TopologyDocument(Topology topology, String file, String text) {
    /** The problems, each named {@code FILE:LINE: subject} (or {@code FILE: subject} with no line). */
    public List<Problem> locate(List<Problem> problems) {
        return locate(problems, file, text);
    }

    static List<Problem> locate(List<Problem> problems, String file, String text) {
        TomlPlaces places = TomlPlaces.scan(text);
        Object tree = TomlTree.readOrEmpty(text);
        List<Problem> out = new ArrayList<>();
        for (Problem p : problems) {
            OptionalInt line = line(places, tree, p);
            out.add(new Problem(file + (line.isPresent() ? ":" + line.getAsInt() : "") + ": " + p.subject(),
                    p.message()));
        }
        return out;
    }

    /**
     * The line of the key a problem names: its subject is a key path ({@code services.db.memroy}),
     * maybe followed by a launch key ({@code services.db: key 'port_forwards'}); failing that, the
     * nearest enclosing key the file writes ({@code services.db}).
     */
    private static OptionalInt line(TomlPlaces places, Object tree, Problem p) {
        String subject = p.subject();
        List<String> path = new ArrayList<>();
        int colon = subject.indexOf(": key '");
        String keys = colon < 0 ? subject : subject.substring(0, colon);
        path.addAll(Arrays.asList(keys.split("\\.", -1)));
        if (colon >= 0 && subject.endsWith("'")) {
            path.add(subject.substring(colon + 7, subject.length() - 1));
        }
        Object node = tree;
        for (String k : path) {
            node = DocumentTree.member(node, k);
        }
        RefusedElement.index(node, p.message()).ifPresent(index -> path.add(Integer.toString(index)));
        for (int n = path.size(); n > 0; n--) {
            OptionalInt line = places.line(path.subList(0, n));
            if (line.isPresent()) {
                return line;
            }
        }
        return OptionalInt.empty();
    }
}
