package dev.nucleus.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {
    @Test
    void wordsAreSeparatedBySpacesAndTabs() {
        assertArrayEquals(new String[]{"run", "--memory", "512M", "--", "/bin/true"},
                AotTraining.words("run  --memory\t512M -- /bin/true"));
        assertArrayEquals(new String[]{"--version"}, AotTraining.words("--version"));
        assertArrayEquals(new String[0], AotTraining.words(""));
    }

    @Test
    void commentsAndBlankLinesAreSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("commands.txt");
        Files.writeString(file, "# a comment\n\n  --version  \nrun -- /bin/true\n   # indented comment\n");
        List<String[]> commands = AotTraining.readCommands(file);
        assertEquals(2, commands.size());
        assertArrayEquals(new String[]{"--version"}, commands.get(0));
        assertArrayEquals(new String[]{"run", "--", "/bin/true"}, commands.get(1));
    }
}
