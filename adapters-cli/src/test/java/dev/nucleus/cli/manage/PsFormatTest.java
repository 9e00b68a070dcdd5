package dev.nucleus.cli.manage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** ps --format: each column once, known ones only; refused before anything is read. */
class PsFormatTest {
    private static PsCommand parsed(String format) {
        PsCommand ps = new PsCommand();
        new CommandLine(ps.programmaticSpec()).parseArgs("--format", format);
        return ps;
    }

    @Test
    void aRepeatedColumnIsRefusedNamingTheInputAndTheColumn() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parsed("ID,ID").validate());
        assertTrue(e.getMessage().contains("--format 'ID,ID'"), e.getMessage());
        assertTrue(e.getMessage().contains("column ID is given twice"), e.getMessage());
    }

    @Test
    void aRepeatIsARepeatWhateverItsCaseAndSpaces() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parsed("name, ID ,Name").validate());
        assertTrue(e.getMessage().contains("column NAME is given twice"), e.getMessage());
    }

    @Test
    void distinctKnownColumnsPass() {
        assertDoesNotThrow(() -> parsed("id,NAME,Pid").validate());
    }

    @Test
    void anUnknownColumnIsStillNamed() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> parsed("ID,BOGUS").validate());
        assertTrue(e.getMessage().contains("unknown column 'BOGUS'"), e.getMessage());
    }
}
