package dev.nucleus.cli.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.spec.Resources;
import dev.nucleus.domain.value.ByteSize;
import dev.nucleus.ports.out.EventSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    /** A run's exit status (137) did not say the OOM killer fired: stderr says so, on either runtime. */
    @Test
    void anOomKillIsSaidOnStderr() throws Exception {
        StringWriter out = new StringWriter();
        Resources limited = new Resources(Optional.of(new ByteSize(6L << 20)), false, Optional.empty(),
                java.util.OptionalInt.empty(), 512, List.of(), new ByteSize(0));
        try (CliEvents events = CliEvents.open(GlobalSettings.empty(), new PrintWriter(out), null)) {
            events.emit(new ContainerEvent.Summary("id", "web", 137, Optional.empty(),
                    ResourceStats.ofOomKills(Optional.of(1L)), limited));
            events.emit(new ContainerEvent.Summary("id", "fine", 0, Optional.empty(),
                    ResourceStats.ofOomKills(Optional.of(0L)), limited));
            events.emit(new ContainerEvent.Started("id", "sb", 1, "gvisor", "agent", "none", null, limited, "/c"));
            events.emit(new ContainerEvent.Summary("id", "sb", 137, Optional.empty(),
                    ResourceStats.ofOomKills(Optional.of(2L)), limited));
        }
        assertEquals("nucleus: out of memory: the kernel's OOM killer killed a process of container web at its"
                + " --memory 6M limit\nnucleus: out of memory: the kernel's OOM killer killed 2 processes of container"
                + " sb at its --memory 6M limit (gVisor's sandbox, its kernel included, counts against it)\n",
                out.toString());
    }
}
