package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code nucleus run --help} reads as written: picocli rewraps nothing mid-sentence. */
class RunHelpTest {
    private static final String HELP = new CommandLine(RunCommandSpec.build("run", "Run a workload."))
            .getUsageMessage(CommandLine.Help.Ansi.OFF);

    @Test
    void theFooterComesOutLineForLine() {
        for (String line : List.of(
                "A config document (TOML or JSON) holds the whole launch: its keys are the long",
                "option names in snake_case, plus 'command'. Launch flags cannot go with it.",
                "Exit status: the workload's own; 128+N if it died of signal N; 2 invalid request",
                "or policy violation; 125 Nucleus failed; 126 not executable; 127 not found.")) {
            assertTrue(HELP.lines().anyMatch(line::equals), "footer line rewrapped: " + line + "\n" + HELP);
        }
    }

    @Test
    void noLineIsWiderThanTheUsageWidth() {
        HELP.lines().forEach(line -> assertTrue(line.length() <= 80, "wider than 80 columns: " + line));
    }

    @Test
    void noDottedNameIsBrokenAtItsDot() {
        // picocli breaks "its .nucleus-rootfs-sha256" after the dot when the line is full
        assertTrue(HELP.contains(".nucleus-rootfs-sha256"), HELP);
        assertFalse(HELP.lines().anyMatch(line -> line.endsWith(" .")), HELP);
    }
}
