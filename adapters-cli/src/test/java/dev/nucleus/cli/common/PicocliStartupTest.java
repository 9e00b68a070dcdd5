package dev.nucleus.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PicocliStartupTest {
    private static final String CLOSURES = "picocli.disable.closures";
    private static final String EXCLUDES = "picocli.converters.excludes";

    @AfterEach
    void clear() {
        System.clearProperty(CLOSURES);
        System.clearProperty(EXCLUDES);
    }

    @Test
    void setsBothWhenAbsent() {
        clear();
        PicocliStartup.configure();
        assertEquals("true", System.getProperty(CLOSURES));
        assertTrue(System.getProperty(EXCLUDES) != null);
    }

    @Test
    void keepsWhatTheCallerSet() {
        System.setProperty(CLOSURES, "false");
        System.setProperty(EXCLUDES, "java\\.sql\\..*");
        PicocliStartup.configure();
        assertEquals("false", System.getProperty(CLOSURES));
        assertEquals("java\\.sql\\..*", System.getProperty(EXCLUDES));
    }

    /** picocli splits the value on ',' and matches each part against the whole class name. */
    @Test
    void excludesExactlyTheConvertersNoOptionUses() {
        clear();
        PicocliStartup.configure();
        String[] parts = System.getProperty(EXCLUDES).split(",");
        assertEquals(1, parts.length, "one regex: picocli compiles each part once per converter");
        for (String excluded : new String[] {"java.sql.Time", "java.sql.Connection", "java.sql.Driver",
                "java.sql.Timestamp", "java.time.Duration", "java.time.ZoneOffset"}) {
            assertTrue(excluded.matches(parts[0]), excluded);
        }
        for (String kept : new String[] {"java.lang.String", "java.io.File", "java.lang.Integer",
                "java.nio.file.Path", "java.nio.charset.Charset", "java.sqlx.Time"}) {
            assertFalse(kept.matches(parts[0]), kept);
        }
    }

    /** No option or parameter of any annotated command (subcommands included) has a type the settings drop a converter for. */
    @Test
    void noCommandTakesATypeWhoseConverterIsDropped() {
        clear();
        PicocliStartup.configure();
        String excluded = System.getProperty(EXCLUDES);
        int checked = 0;
        for (dev.nucleus.cli.CommandCatalog.Entry e : dev.nucleus.cli.CommandCatalog.ENTRIES) {
            if (e.kind() != dev.nucleus.cli.CommandCatalog.Kind.ANNOTATED) {
                continue;
            }
            java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
            todo.add(new picocli.CommandLine(e.create()));
            while (!todo.isEmpty()) {
                picocli.CommandLine cl = todo.pop();
                todo.addAll(cl.getSubcommands().values());
                for (picocli.CommandLine.Model.ArgSpec arg : cl.getCommandSpec().args()) {
                    for (Class<?> type : java.util.List.of(arg.type(), arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type())) {
                        assertFalse(type.getName().matches(excluded), cl.getCommandName() + " " + arg + ": " + type.getName());
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 20, checked + " options checked");
    }
}
