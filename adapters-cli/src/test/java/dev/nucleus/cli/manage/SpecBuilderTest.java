package dev.nucleus.cli.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.CommandCatalog;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The container-management commands build their picocli model themselves (no annotation
 * reflection): every one does, and the model parses into the command as the annotations did.
 */
class SpecBuilderTest {
    private static final Set<String> MANAGEMENT = Set.of("state", "ps", "stats", "logs", "attach", "stop", "kill", "rm");

    @Test
    void everyContainerManagementCommandBuildsItsOwnModel() {
        for (CommandCatalog.Entry e : CommandCatalog.ENTRIES) {
            if (MANAGEMENT.contains(e.name())) {
                ManagementCommand command = (ManagementCommand) e.create();
                assertNotNull(command.programmaticSpec(), e.name());
                assertFalse(command.getClass().isAnnotationPresent(CommandLine.Command.class),
                        e.name() + ": annotations would be read again (a proxy class per annotation type)");
            }
        }
    }

    @Test
    void optionsAndParametersReachTheCommand() {
        PsCommand ps = new PsCommand();
        new CommandLine(ps.programmaticSpec()).parseArgs("-a", "--format", "ID,NAME", "--root", "/tmp/s");
        assertTrue(ps.all);
        assertFalse(ps.json);
        assertEquals("ID,NAME", ps.format);
        assertEquals("/tmp/s", ps.globals.root);

        StopCommand stop = new StopCommand();
        new CommandLine(stop.programmaticSpec()).parseArgs("web");
        assertEquals("web", stop.container);
        assertEquals(10, stop.timeout, "the default");

        RmCommand rm = new RmCommand();
        CommandLine rmLine = new CommandLine(rm.programmaticSpec());
        rmLine.parseArgs("-f", "a", "b");
        assertEquals(List.of("a", "b"), rm.containers);
        assertTrue(rm.force);
        assertEquals(List.of("delete"), List.of(rm.spec.aliases()));

        LogsCommand logs = new LogsCommand();
        new CommandLine(logs.programmaticSpec()).parseArgs("-n", "5", "c");
        assertEquals(5, logs.lines);
        LogsCommand noLines = new LogsCommand();
        new CommandLine(noLines.programmaticSpec()).parseArgs("c");
        assertNull(noLines.lines);

        AttachCommand attach = new AttachCommand();
        new CommandLine(attach.programmaticSpec()).parseArgs("c", "--", "ls", "-l");
        assertEquals(List.of("ls", "-l"), attach.command);
    }

    @Test
    void requiredParametersAndBadValuesAreRefusedByPicocli() {
        assertThrows(CommandLine.MissingParameterException.class,
                () -> new CommandLine(new StopCommand().programmaticSpec()).parseArgs());
        assertThrows(CommandLine.MissingParameterException.class,
                () -> new CommandLine(new RmCommand().programmaticSpec()).parseArgs("-f"));
        assertThrows(CommandLine.ParameterException.class,
                () -> new CommandLine(new StopCommand().programmaticSpec()).parseArgs("-t", "soon", "c"));
        assertThrows(CommandLine.UnmatchedArgumentException.class,
                () -> new CommandLine(new PsCommand().programmaticSpec()).parseArgs("--bogus"));
    }

    @Test
    void helpListsTheStandardAndGlobalOptions() {
        String help = new CommandLine(new StopCommand().programmaticSpec()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String expected : List.of("Usage: stop [-hV]", "-t, --timeout=SECONDS", "(default 10)", "-h, --help",
                "-V, --version", "--root=DIR", "--log-level=LEVEL", "CONTAINER")) {
            assertTrue(help.contains(expected), expected + " in\n" + help);
        }
    }
}
