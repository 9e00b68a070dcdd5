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
 * exactly as the whole parser does: the same request, or the same error message; and so does
 * {@link LeadingOptions#invocation}, which reads plain lines without a picocli parser, whenever it answers.
 */
class LeanParserProperties {

    @Property(tries = 1500)
    void theLeanParserAndTheWholeOneAgree(@ForAll("argvs") List<String> argv) {
        assertEquals(outcome(RunCommandSpec.build("run", "d"), argv),
                outcome(RunCommandSpec.forArgs("run", "d", argv), argv), String.join(" ", argv));
    }

    @Property(tries = 3000)
    void readingWithoutPicocliGivesPicoclisAnswer(@ForAll("argvs") List<String> argv) {
        plainAgrees(argv);
    }

    /** Well-formed lines (options with values, then maybe `--` and a command), which plain() mostly answers. */
    @Property(tries = 3000)
    void readingWellFormedLinesWithoutPicocliGivesPicoclisAnswer(@ForAll("wellFormed") List<String> argv) {
        plainAgrees(argv);
    }

    private static void plainAgrees(List<String> argv) {
        Object plain;
        try {
            var answer = plain(argv);
            if (answer.isEmpty()) {
                return; // left to picocli
            }
            plain = outcome(answer.get());
        } catch (UsageException e) {
            plain = "usage: " + e.getMessage();
        }
        assertEquals(outcome(RunCommandSpec.build("run", "d"), argv), plain, String.join(" ", argv));
    }

    @Test
    void plainLinesAreReadWithoutPicocli() throws UsageException {
        for (List<String> argv : List.<List<String>>of(List.of("--", "/bin/true"), List.of(), List.of("/bin/true", "-d", "--"),
                List.of("--memory", "512M", "-e", "A=1",
                "-e", "B=2", "--network=none", "--dry-run", "--log-level", "debug", "--", "sh", "-c", "--", "x"))) {
            var plain = plain(argv);
            assertTrue(plain.isPresent(), String.join(" ", argv));
            assertEquals(outcome(RunCommandSpec.build("run", "d"), argv), outcome(plain.get()));
        }
    }

    @Test
    void anAtFileIsExpandedByTheWholeParser(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("args");
        java.nio.file.Files.writeString(file, "--memory\n64M\n--\n/bin/echo\nfrom-file\n");
        List<String> argv = List.of("--name", "n1", "@" + file);
        assertTrue(LeadingOptions.of(argv).isEmpty(), "neither the plain reading nor a lean parser");
        RunInvocation inv = RunCommandSpec.read("run", argv, GlobalSettings.empty());
        assertEquals(List.of("64M"), inv.flags().values().get(LaunchOption.MEMORY));
        assertEquals(List.of("/bin/echo", "from-file"), inv.flags().command());
        assertTrue(LeadingOptions.of(List.of("--", "@not-expanded")).isPresent(), "after -- it is the command's");
    }

    @Test
    void linesPicocliMustAnswerAreLeftToIt() throws UsageException {
        for (List<String> argv : List.<List<String>>of(List.of("--memory", "1G", "--memory", "2G", "--", "x"),
                List.of("--name=", "--", "x"), List.of("--help"), List.of("-it", "--", "sh"), List.of("--memory"))) {
            assertTrue(plain(argv).isEmpty(),
                    String.join(" ", argv));
        }
    }

    /** The reference's alias names the same option, on both readings, and counts as giving it. */
    @Test
    void anAliasFlagIsItsOption() throws UsageException {
        List<String> argv = List.of("--credential-broker", "127.0.0.1:3128", "--no-broker-proxy-env", "--", "/bin/true");
        RunInvocation inv = plain(argv).orElseThrow();
        assertEquals(List.of("true"), inv.flags().values().get(LaunchOption.CREDENTIAL_BROKER_NO_PROXY_ENV));
        assertEquals(outcome(RunCommandSpec.build("run", "d"), argv), outcome(inv));
        assertEquals("usage: option '--credential-broker-no-proxy-env' should be specified only once",
                outcome(RunCommandSpec.build("run", "d"), List.of("--no-broker-proxy-env",
                        "--credential-broker-no-proxy-env", "--", "/bin/true")));
    }

    @Test
    void aPlainLaunchGetsOnlyTheOptionsItNames() {
        var spec = RunCommandSpec.forArgs("run", "d", List.of("--memory", "512M", "-e", "A=1", "--", "/bin/true", "--pids"));
        assertEquals(2, spec.options().size(), spec.options().toString());
        assertTrue(RunCommandSpec.build("run", "d").options().size() > 100);
    }

    private static java.util.Optional<RunInvocation> plain(List<String> argv) throws UsageException {
        var options = LeadingOptions.of(argv);
        return options.isPresent() ? options.get().invocation(GlobalSettings.empty()) : java.util.Optional.empty();
    }

    private static Object outcome(picocli.CommandLine.Model.CommandSpec spec, List<String> argv) {
        try {
            return outcome(RunCommandSpec.parse(spec, argv, GlobalSettings.empty()));
        } catch (UsageException e) {
            return "usage: " + e.getMessage();
        }
    }

    private static Object outcome(RunInvocation inv) {
        return List.of(inv.flags(), inv.launchFlagsGiven(), inv.configFile(), inv.configFd(), inv.dryRun(),
                inv.timings(), inv.help(), inv.globals().toString());
    }

    @Provide
    Arbitrary<List<String>> wellFormed() {
        List<List<String>> options = new ArrayList<>();
        for (LaunchOption o : LaunchOption.values()) {
            List<String> names = new ArrayList<>(List.of(o.flag()));
            o.shortFlag().ifPresent(names::add);
            names.addAll(o.aliasFlags());
            for (String name : names) {
                switch (o.arity()) {
                    case FLAG -> options.add(List.of(name));
                    case VALUE, LIST -> {
                        options.add(List.of(name, "v1"));
                        options.add(List.of(name, "v2"));
                        options.add(List.of(name + "=v3"));
                        options.add(List.of(name + "="));
                    }
                }
            }
        }
        for (GlobalOption g : GlobalOption.values()) {
            options.add(List.of(g.flag(), "debug"));
            options.add(List.of(g.flag() + "=json"));
        }
        options.addAll(List.of(List.of("--dry-run"), List.of("--timings"), List.of("--config", "f.toml"),
                List.of("--config-fd", "3"), List.of("--config-fd=2"), List.of("--config-fd", "x")));
        Arbitrary<List<String>> leading = Arbitraries.of(options).list().ofMaxSize(5)
                .map(l -> l.stream().flatMap(List::stream).toList());
        Arbitrary<List<String>> command = Arbitraries.of(List.<String>of(), List.of("--"), List.of("--", "/bin/true"),
                List.of("--", "sh", "-c", "--", "x"), List.of("--", "--memory", "1G"), List.of("/bin/true", "-d"),
                List.of("sh", "--", "-c", "x"), List.of("sh", "--memory", "1G", "--"), List.of("-", "x"), List.of("x", "-"));
        return net.jqwik.api.Combinators.combine(leading, command).as((l, c) -> {
            List<String> all = new ArrayList<>(l);
            all.addAll(c);
            return all;
        });
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
                "sh", "-c", "true", "--help", "-h", "", "-e", "-d", "--config-fd", "2", "x3", "--log-format", "json",
                "yaml", "--log-level", "debug", "-e", "B=2", "--volume", "/a:/b", "--", "--", "@no-such-file"));
        return Arbitraries.of(tokens).list().ofMaxSize(10);
    }
}
