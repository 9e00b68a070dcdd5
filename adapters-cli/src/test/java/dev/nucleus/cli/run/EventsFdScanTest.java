package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The --events-fd value seen before the full parse, so it is checked before any thread opens a file. */
class EventsFdScanTest {
    @Test
    void fromTheGlobalsOrTheCommandsOptionsUpToTheDoubleDash() throws Exception {
        GlobalSettings none = GlobalSettings.empty();
        assertEquals(Optional.empty(), RunCommand.eventsFd(none, List.of("--", "/bin/true")));
        assertEquals(Optional.of("7"), RunCommand.eventsFd(none.with(GlobalOption.EVENTS_FD, "7"), List.of("--", "x")));
        assertEquals(Optional.of("9"), RunCommand.eventsFd(none, List.of("--memory", "1G", "--events-fd", "9", "--", "x")));
        assertEquals(Optional.of("5"), RunCommand.eventsFd(none, List.of("--events-fd=5", "--", "x")));
        assertEquals(Optional.empty(), RunCommand.eventsFd(none, List.of("--", "prog", "--events-fd", "9")),
                "the workload's own arguments are not ours");
    }
}
