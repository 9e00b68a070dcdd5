package dev.nucleus.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.Problem;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A topology file's TOML errors say where they are. */
class TopologyFilesTest {
    private static String first(String text) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> TopologyFiles.parse(text, "app.toml", "/srv"));
        return e.problems().getFirst().toString();
    }

    private static final String DB = "[services.db]\nrootfs = \"/r\"\ncommand = [\"/bin/true\"]\nmemory = \"64M\"\n";

    @Test
    void aMalformedFileNamesTheFileAndLine() {
        String message = first("name = \"t\"\n[services.db]\nrootfs = \n");
        assertTrue(message.startsWith("app.toml:3: not valid TOML: "), message);
        // a key set twice is noticed past its line end; it is placed at the second key
        assertTrue(first("name = \"t\"\n" + DB + "memory = \"1G\"\n\n# more\n").startsWith("app.toml:6: "),
                first("name = \"t\"\n" + DB + "memory = \"1G\"\n"));
        assertTrue(first("name = \"t\"\n" + DB + "memory = \"1G\"\n[services.web]\n").startsWith("app.toml:6: "));
    }

    @Test
    void aBadKeyIsNamedAtItsLine() {
        assertEquals("app.toml:8: services.db.memroy: unknown key; expected one of", first("name = \"t\"\n\n"
                + DB + "# typo\nmemroy = 1\n").replaceFirst("(expected one of).*", "$1"));
        assertEquals("app.toml:1: name: 't t' is not a topology name", first("name = \"t t\"\n" + DB)
                .replaceFirst("(topology name).*", "$1"));
        assertEquals("app.toml:2: services.db.environment: must be a table", first("name = \"t\"\n"
                + "services.db = { rootfs = \"/r\", command = [\"/bin/true\"], memory = \"64M\",\n"
                        .replace(",\n", ", environment = 3 }\n")).replaceFirst("(a table).*", "$1"));
    }

    @Test
    void aCycleIsNamedAtTheFirstStuckServicesDependsOn() {
        String text = "name = \"t\"\n" + DB + "depends_on = [\"web\"]\n\n[services.web]\nrootfs = \"/r\"\n"
                + "command = [\"/bin/true\"]\nmemory = \"64M\"\ndepends_on = [\"db\"]\n";
        assertEquals("app.toml:6: services.db.depends_on: the dependencies form a cycle: db, web cannot start",
                first(text));
    }

    @Test
    void laterProblemsArePlacedAtTheServiceKeyTheyConcern() {
        String text = "name = \"t\"\n" + DB + "\n[services.web]\nrootfs = \"/r\"\nmemory = \"1x\"\n";
        assertEquals(List.of(new Problem("app.toml:9: services.web: key 'memory'", "invalid value"),
                        new Problem("app.toml:7: services.web", "refused"),
                        new Problem("app.toml: depends_on", "cycle: a, b")),
                TopologyDocument.locate(List.of(new Problem("services.web: key 'memory'", "invalid value"),
                        new Problem("services.web", "refused"), new Problem("depends_on", "cycle: a, b")),
                        "app.toml", text));
        String forwards = "name = \"t\"\n" + DB + "port_forwards = [\n  \"8080:80\",\n  \"99999:80\",\n]\n";
        assertEquals(List.of(new Problem("app.toml:8: services.db: key 'port_forwards'", "invalid value '99999:80': x")),
                TopologyDocument.locate(List.of(new Problem("services.db: key 'port_forwards'",
                        "invalid value '99999:80': x")), "app.toml", forwards), "a refused element at its own line");
    }
}
