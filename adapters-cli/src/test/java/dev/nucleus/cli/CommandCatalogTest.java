package dev.nucleus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class CommandCatalogTest {
    /** Each annotated entry is made by name (CommandCatalog.create): into the command of that name. */
    @Test
    void everyAnnotatedEntryMakesTheCommandOfItsName() {
        List<CommandCatalog.Entry> annotated = CommandCatalog.ENTRIES.stream()
                .filter(e -> e.kind() == CommandCatalog.Kind.ANNOTATED).toList();
        assertEquals(16, annotated.size(), "a new annotated command needs its case in CommandCatalog.create");
        for (CommandCatalog.Entry e : annotated) {
            assertEquals(e.name(), Dispatcher.commandLine(e.create()).getCommandName(), e.name());
        }
    }

    @Test
    void anythingElseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CommandCatalog.create("run"));
        assertThrows(IllegalArgumentException.class, () -> CommandCatalog.create("delete")); // an alias: the entry's name makes it
    }
}
