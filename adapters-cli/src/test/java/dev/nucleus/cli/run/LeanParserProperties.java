package dev.nucleus.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.domain.launch.LaunchOption;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The parser built for the arguments ({@link RunCommandSpec#forArgs}) answers every command line
 * exactly as the whole parser does: the same request, or the same error message.
 */
class LeanParserProperties {

    @Property(tries = 1500)
    void theLeanParserAndTheWholeOneAgree(@ForAll("argvs") List<String> argv) {
        assertEquals(outcome(RunCommandSpec.build("run", "d"), argv),
                outcome(RunCommandSpec.forArgs("run", "d", argv), argv), String.join(" ", argv));
    }

    @Test
    void aPlainLaunchGetsOnlyTheOptionsItNames() {
        var spec = RunCommandSpec.forArgs("run", "d", List.of("--memory", "512M", "-e", "A=1", "--", "/bin/true", "--pids"));
        assertEquals(2, spec.options().size(), spec.options().toString());
        assertTrue(RunCommandSpec.build("run", "d").options().size() > 100);
    }

    private static Object outcome(picocli.CommandLine.Model.CommandSpec spec, List<String> argv) {
        try {
            RunInvocation inv = RunCommandSpec.parse(spec, argv, GlobalSettings.empty());
            return List.of(inv.flags(), inv.launchFlagsGiven(), inv.configFile(), inv.configFd(), inv.dryRun(),
                    inv.timings(), inv.help(), inv.globals().toString());
        } catch (UsageException e) {
            return "usage: " + e.getMessage();
        }
    }

    @Provide
    Arbitrary<List<String>> argvs() {
        List<String> tokens = new ArrayList<>();
        for (LaunchOption o : LaunchOption.values()) {
            tokens.add(o.flag());
            o.shortFlag().ifPresent(tokens::add);
            tokens.add(o.flag() + "=x");
        }
        for (GlobalOption g : GlobalOption.values()) {
            tokens.add(g.flag());
        }
        tokens.addAll(List.of("--dry-run", "--timings", "--config", "--config-fd", "--config-fd=3", "--dry-run=true",
                "--", "-", "-dt", "-it", "-p8080:80", "--no-such-flag", "-z", "--memor", "512M", "1", "A=1", "/bin/true",
                "sh", "-c", "true", "--help", "-h", "", "-e", "-d"));
        return Arbitraries.of(tokens).list().ofMaxSize(8);
    }
}
