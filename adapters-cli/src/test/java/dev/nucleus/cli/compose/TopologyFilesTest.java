package dev.nucleus.cli.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.InvalidRequestException;

import org.junit.jupiter.api.Test;

/** A topology file's TOML errors say where they are. */
class TopologyFilesTest {
    @Test
    void aMalformedFileNamesTheLineAndColumn() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> TopologyFiles.parse("name = \"t\"\n[services.db]\nrootfs = \n", "/srv"));
        assertEquals(1, e.problems().size());
        String message = e.problems().getFirst().toString();
        assertTrue(message.contains("line 3, column"), message);
    }
}
