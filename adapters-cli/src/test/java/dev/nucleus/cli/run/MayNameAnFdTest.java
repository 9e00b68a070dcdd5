package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.domain.launch.LaunchOption;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Whether run/create list the caller's fds at their start: only when the request may name one. */
class MayNameAnFdTest {
    private static boolean names(GlobalSettings globals, String... args) {
        return RunCommand.mayNameAnFd(globals, List.of(args));
    }

    @Test
    void everyOptionThatNamesAnFdOrADocumentDoes() throws Exception {
        GlobalSettings none = GlobalSettings.empty();
        assertTrue(names(none.with(GlobalOption.EVENTS_FD, "7"), "--", "x"));
        assertTrue(names(none, "--memory", "1G", "--events-fd", "9", "--", "x"));
        assertTrue(names(none, "--events-fd=5", "--", "x"));
        assertTrue(names(none, "--env-fd", "3", "--", "x"));
        assertTrue(names(none, "--env-fd=3", "--", "x"));
        assertTrue(names(none, "--config-fd", "3"));
        assertTrue(names(none, "--config", "agent.toml"), "a document may hold env_fd");
        assertTrue(names(none, "--name", "--env-fd", "--", "x"), "as a value too: the scan does not parse");
        assertTrue(names(none, "@more-args", "--", "x"), "picocli expands an @file into options");
        assertTrue(names(none, "sh", "--config-fd", "3"), "up to --: where the command starts is picocli's to say");
    }

    /** The list is written out (see RunCommand.FD_NAMING); it must name every option that takes an fd. */
    @Test
    void theWrittenOutListHoldsEveryFdOptionsFlag() {
        for (LaunchOption o : LaunchOption.values()) {
            if ("FD".equals(o.paramLabel())) {
                assertTrue(RunCommand.FD_NAMING.contains(o.flag()), o.flag());
                o.aliasFlags().forEach(alias -> assertTrue(RunCommand.FD_NAMING.contains(alias), alias));
            }
        }
        assertTrue(RunCommand.FD_NAMING.contains(LaunchOption.ENV_FD.flag()));
        assertTrue(RunCommand.FD_NAMING.contains(LaunchOption.SECRETS_FD.flag()));
    }

    @Test
    void aLaunchFromOtherFlagsDoesNot() throws Exception {
        GlobalSettings none = GlobalSettings.empty();
        assertFalse(names(none, "--", "/bin/true"));
        assertFalse(names(none, "--memory", "1G", "--dry-run", "--", "x"));
        assertFalse(names(none, "--", "prog", "--env-fd", "9"), "the workload's own arguments are not ours");
        assertFalse(names(none, "--no-such-flag", "--", "x"), "an unknown flag is refused before any fd is read");
        assertFalse(names(none, "--env", "A=--env-fd", "--", "x"));
    }
}
