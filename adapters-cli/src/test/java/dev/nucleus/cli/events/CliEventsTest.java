package dev.nucleus.cli.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.ports.out.EventSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether the events go anywhere: only with an event stream does a launch gather what events
 * alone carry (the summary's resource use); warnings on stderr need none of it.
 */
class CliEventsTest {
    @Test
    void onlyAnEventStreamRecordsEvents(@TempDir Path dir) throws Exception {
        PrintWriter err = new PrintWriter(new StringWriter());
        try (CliEvents plain = CliEvents.open(GlobalSettings.empty(), err, null)) {
            assertFalse(plain.recordsEvents(), "stderr alone");
        }
        Path file = dir.resolve("events.jsonl");
        try (CliEvents streamed = CliEvents.open(GlobalSettings.empty().with(GlobalOption.EVENTS_JSONL,
                file.toString()), err, null)) {
            assertTrue(streamed.recordsEvents(), "--events-jsonl");
        }
        assertTrue(Files.exists(file));
        assertFalse(EventSink.NONE.recordsEvents());
        EventSink listener = event -> { };
        assertTrue(listener.recordsEvents(), "an application's listener takes every event");
    }
}
