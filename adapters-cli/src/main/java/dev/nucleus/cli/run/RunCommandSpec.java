package dev.nucleus.cli.run;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.domain.launch.Arity;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.OptionGroup;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.value.Lists;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parser of {@code run} and {@code create}, built with picocli's programmatic API from the
 * {@link LaunchOption} table: no reflection over annotated fields on the hot path, and the flags can
 * never drift from the config-document keys. {@link #read} skips building a picocli parser for a
 * command line whose answer is certain without one (see {@link LeadingOptions#invocation}).
 */
public final class RunCommandSpec {
    static final String CONFIG = "--config";
    static final String CONFIG_FD = "--config-fd";
    static final String DRY_RUN = "--dry-run";
    static final String TIMINGS = "--timings";

    private RunCommandSpec() {
    }

    /** The whole parser: every option, for help and for arguments {@link #forArgs} cannot vouch for. */
    public static CommandSpec build(String name, String description) {
        return build(name, description, null);
    }

    /**
     * A parser with only the options {@code args} name, when every option-like token among them is
     * one this command knows exactly (picocli's cost grows with the options it holds: all ~110
     * cost a cold start some 15 ms). Anything else (an unknown or clustered flag, a value that
     * looks like a flag, --help) gets the whole parser, so its answer and messages are unchanged.
     */
    public static CommandSpec forArgs(String name, String description, List<String> args) {
        return forOptions(name, description, LeadingOptions.of(args));
    }

    /** {@link #forArgs} for options already read by {@link LeadingOptions#of}. */
    static CommandSpec forOptions(String name, String description, Optional<LeadingOptions> options) {
        if (options.isEmpty()) {
            return build(name, description);
        }
        Set<String> named = new HashSet<>();
        options.get().given().forEach(o -> named.add(o.getKey()));
        return build(name, description, named);
    }

    /** Parses {@code args} (everything after the command name) as {@link #read(String, String, List, Optional, GlobalSettings)}. */
    public static RunInvocation read(String name, List<String> args, GlobalSettings globals) throws UsageException {
        return read(name, "", args, LeadingOptions.of(args), globals);
    }

    /**
     * Parses {@code args}: straight from the leading options when that is certainly picocli's
     * answer ({@link LeadingOptions#invocation}), else with a picocli parser holding the options
     * the line names ({@link #forOptions}).
     */
    static RunInvocation read(String name, String description, List<String> args, Optional<LeadingOptions> options,
                              GlobalSettings globals) throws UsageException {
        Optional<RunInvocation> plain = options.isPresent() ? options.get().invocation(globals) : Optional.empty();
        return plain.isPresent() ? plain.get() : parse(forOptions(name, description, options), args, globals);
    }

    /** {@code only}: the option names to include (null: all). */
    private static CommandSpec build(String name, String description, Set<String> only) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage()
                .description(description)
                .customSynopsis("nucleus " + name + " [OPTIONS] [--] COMMAND [ARG...]",
                        "nucleus " + name + " --config FILE | --config-fd FD [--dry-run]")
                // Lines of at most 80 columns, picocli's usage width: it wraps longer ones mid-sentence.
                .footer("", "A config document (TOML or JSON) holds the whole launch: its keys are the long",
                        "option names in snake_case, plus 'command'. Launch flags cannot go with it.",
                        "Exit status: the workload's own; 128+N if it died of signal N; 2 invalid request",
                        "or policy violation; 125 Nucleus failed; 126 not executable; 127 not found.");
        spec.parser().stopAtPositional(true).overwrittenOptionsAllowed(false);
        java.util.function.Predicate<String> wanted = flag -> only == null || only.contains(flag);
        if (only == null) {
            spec.addOption(flag("--help", "Show this help.", "-h"));
        }
        if (wanted.test(DRY_RUN)) {
            spec.addOption(flag(DRY_RUN, "Print the resolved, validated spec as JSON and exit without touching the kernel."));
        }
        if (wanted.test(TIMINGS)) {
            spec.addOption(flag(TIMINGS, "After the launch, print to stderr how long each phase took (ms): JVM start-up,"
                    + " parsing, each setup step, the workload, teardown."));
        }
        if (wanted.test(CONFIG)) {
            spec.addOption(value(CONFIG, "FILE", "Read the whole launch request from a TOML or JSON document."));
        }
        if (wanted.test(CONFIG_FD)) {
            spec.addOption(value(CONFIG_FD, "FD", "Read the whole launch request from this inherited fd."));
        }
        for (GlobalOption g : GlobalOption.values()) {
            if (wanted.test(g.flag())) {
                spec.addOption(OptionSpec.builder(g.flag()).paramLabel(g.label()).type(String.class)
                        .description(g.description()).userObject(g).build());
            }
        }
        for (LaunchOption o : LaunchOption.values()) {
            if (wanted.test(o.flag()) || o.shortFlag().filter(wanted).isPresent()
                    || Lists.anyMatch(o.aliasFlags(), wanted)) {
                spec.addOption(launchOption(o));
            }
        }
        spec.addPositional(PositionalParamSpec.builder().index("0..*").paramLabel("COMMAND")
                .type(List.class).auxiliaryTypes(String.class)
                .description("The workload's argv, exec'd directly, not through a shell: a name without '/' is looked up"
                        + " in the container's standard PATH (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin).").build());
        return spec;
    }

    /** Parses {@code args} (everything after the command name). */
    public static RunInvocation parse(CommandSpec spec, List<String> args, GlobalSettings globals) throws UsageException {
        ParseResult result;
        try {
            result = new CommandLine(spec).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        EnumMap<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        List<String> given = new ArrayList<>();
        for (OptionSpec o : result.matchedOptions()) {
            if (o.userObject() instanceof LaunchOption lo) {
                values.put(lo, lo.arity() == Arity.FLAG ? List.of("true") : List.copyOf(result.matchedOption(o.longestName()).stringValues()));
                given.add(o.longestName());
            } else if (o.userObject() instanceof GlobalOption g) {
                globals = globals.with(g, result.matchedOption(o.longestName()).stringValues().getFirst());
            }
        }
        List<String> command = result.hasMatchedPositional(0) ? result.matchedPositional(0).stringValues() : List.of();
        Optional<String> configFile = Optional.ofNullable(result.matchedOptionValue(CONFIG, null));
        OptionalInt configFd = configFd(result.hasMatchedOption(CONFIG_FD) ? result.matchedOptionValue(CONFIG_FD, "") : null);
        if (!command.isEmpty()) {
            given.add("COMMAND");
        }
        return new RunInvocation(new RawLaunchRequest(values, command, RawLaunchRequest.Origin.FLAGS), List.copyOf(given),
                configFile, configFd, result.hasMatchedOption(DRY_RUN), result.hasMatchedOption(TIMINGS), result.hasMatchedOption("--help"),
                globals);
    }

    /** {@code --config-fd}'s value (null: not given) as an fd number, 3 or more. */
    static OptionalInt configFd(String fd) throws UsageException {
        if (fd == null) {
            return OptionalInt.empty();
        }
        int n;
        try {
            n = Integer.parseInt(fd);
        } catch (NumberFormatException e) {
            throw new UsageException(CONFIG_FD + ": invalid value '" + fd + "': expected an inherited fd of 3 or more");
        }
        if (n < 3) {
            throw new UsageException(CONFIG_FD + ": invalid value '" + fd + "': fds 0-2 are stdio; pass 3 or more");
        }
        return OptionalInt.of(n);
    }

    /** Full help, with the launch options under one heading per {@link OptionGroup}. */
    public static String usage(CommandSpec spec) {
        CommandLine cl = new CommandLine(spec);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> groupedOptionList(help, spec));
        return cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static String groupedOptionList(CommandLine.Help help, CommandSpec spec) {
        StringBuilder sb = new StringBuilder();
        sb.append(section(help, "General", spec.options().stream()
                .filter(o -> !(o.userObject() instanceof LaunchOption)).toList()));
        for (OptionGroup group : OptionGroup.values()) {
            sb.append(section(help, group.heading(), spec.options().stream()
                    .filter(o -> o.userObject() instanceof LaunchOption lo && lo.group() == group && !lo.hidden())
                    .toList()));
        }
        return sb.toString();
    }

    private static String section(CommandLine.Help help, String heading, List<OptionSpec> options) {
        CommandLine.Help.Layout layout = help.createDefaultLayout();
        for (OptionSpec o : options) {
            layout.addOption(o, help.createDefaultParamLabelRenderer());
        }
        return "%n".formatted() + heading + ":%n".formatted() + layout;
    }

    private static OptionSpec launchOption(LaunchOption o) {
        List<String> names = new ArrayList<>();
        o.shortFlag().ifPresent(names::add);
        names.addAll(o.aliasFlags());
        names.add(o.flag());
        OptionSpec.Builder b = OptionSpec.builder(names.toArray(String[]::new))
                .description(o.description()).hidden(o.hidden()).userObject(o);
        return switch (o.arity()) {
            case FLAG -> b.arity("0").type(boolean.class).build();
            case VALUE -> b.arity("1").type(String.class).paramLabel(o.paramLabel()).build();
            case LIST -> b.arity("1").type(List.class).auxiliaryTypes(String.class).paramLabel(o.paramLabel()).build();
        };
    }

    private static OptionSpec flag(String name, String description, String... more) {
        List<String> names = new ArrayList<>(List.of(more));
        names.add(name);
        return OptionSpec.builder(names.toArray(String[]::new)).arity("0").type(boolean.class)
                .description(description).build();
    }

    private static OptionSpec value(String name, String label, String description) {
        return OptionSpec.builder(name).arity("1").type(String.class).paramLabel(label).description(description).build();
    }
}
