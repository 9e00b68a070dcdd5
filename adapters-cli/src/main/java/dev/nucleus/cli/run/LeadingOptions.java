package dev.nucleus.cli.run;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.domain.launch.Arity;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The options a {@code run}/{@code create} line gives before its command, in order, as (flag,
 * value) pairs ("" for a flag without one), and the tokens after them (from {@code --} or the first
 * positional on). Read without picocli, for what must be known before parsing (which options the
 * parser needs, whether an fd may be named) and, for plain lines, instead of parsing.
 */
record LeadingOptions(List<Map.Entry<String, String>> given, List<String> rest) {
    LeadingOptions {
        given = List.copyOf(given);
        rest = List.copyOf(rest);
    }

    /**
     * The leading options of {@code args}, when every option-like token among them is one this
     * command knows exactly; empty otherwise (an unknown or clustered flag, a value that looks like
     * a flag, --help, an @file before {@code --}), where only picocli's whole parser can say.
     */
    static Optional<LeadingOptions> of(List<String> args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("@")) {
                return Optional.empty(); // picocli expands an @file into arguments before it parses
            }
        }
        List<Map.Entry<String, String>> options = new ArrayList<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--") || !arg.startsWith("-") || arg.equals("-")) {
                break; // the command begins: picocli stops at the first positional
            }
            int eq = arg.indexOf('=');
            String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            Arity arity = arity(flag);
            if (arity == null || (eq > 0 && arity == Arity.FLAG)) {
                return Optional.empty();
            }
            if (arity == Arity.FLAG) {
                options.add(Map.entry(flag, ""));
            } else if (eq > 0) {
                options.add(Map.entry(flag, arg.substring(eq + 1)));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                options.add(Map.entry(flag, args.get(++i)));
            } else {
                return Optional.empty(); // a missing value, or one that looks like a flag: picocli decides
            }
        }
        return Optional.of(new LeadingOptions(options, args.subList(i, args.size())));
    }

    /**
     * The invocation these options make, without a picocli parser, when that is certainly
     * picocli's own answer: no option that takes one value given twice and no empty value. Empty
     * for everything else, which picocli answers. A cold
     * picocli parser costs some 4.5 ms of every start; {@code LeanParserProperties} checks that
     * both always agree, error messages included.
     */
    Optional<RunInvocation> invocation(GlobalSettings globals) throws UsageException {
        Map<LaunchOption, List<String>> values = new TreeMap<>(); // in declaration order, as RawLaunchRequest keeps them
        List<String> launchFlags = new ArrayList<>();
        List<Map.Entry<String, String>> globalOptions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Optional<String> configFile = Optional.empty();
        String configFd = null;
        boolean dryRun = false;
        boolean timings = false;
        for (Map.Entry<String, String> o : given) {
            String flag = o.getKey();
            String value = o.getValue();
            LaunchOption launch = LaunchOption.byFlag(flag).orElse(null);
            boolean repeatable = launch != null && launch.arity() == Arity.LIST;
            boolean repeated = !seen.add(launch != null ? launch.flag() : flag);
            if ((repeated && !repeatable) || (value.isEmpty() && arity(flag) != Arity.FLAG)) {
                return Optional.empty(); // picocli's error, or its reading of an empty value
            }
            if (launch != null) {
                launchFlags.add(launch.flag());
                values.merge(launch, List.of(launch.arity() == Arity.FLAG ? "true" : value), LeadingOptions::concat);
            } else if (flag.equals(RunCommandSpec.DRY_RUN)) {
                dryRun = true;
            } else if (flag.equals(RunCommandSpec.TIMINGS)) {
                timings = true;
            } else if (flag.equals(RunCommandSpec.CONFIG)) {
                configFile = Optional.of(value);
            } else if (flag.equals(RunCommandSpec.CONFIG_FD)) {
                configFd = value;
            } else {
                globalOptions.add(o);
            }
        }
        // Only now: picocli reports a repeated option before a global option's bad value.
        for (Map.Entry<String, String> g : globalOptions) {
            globals = globals.with(GlobalOption.byFlag(g.getKey()), g.getValue());
        }
        // picocli stops at the first positional: it and every token after it are the command.
        List<String> command = !rest.isEmpty() && rest.getFirst().equals("--") ? rest.subList(1, rest.size()) : rest;
        if (!command.isEmpty()) {
            launchFlags.add("COMMAND");
        }
        return Optional.of(new RunInvocation(new RawLaunchRequest(values, command, RawLaunchRequest.Origin.FLAGS),
                List.copyOf(launchFlags), configFile, RunCommandSpec.configFd(configFd), dryRun, timings, false, globals));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * Whether {@code flag} is an option of run/create and how it takes values; null for anything
     * else (--help is left out on purpose: picocli answers it).
     */
    private static Arity arity(String flag) {
        Optional<LaunchOption> launch = LaunchOption.byFlag(flag);
        if (launch.isPresent()) {
            return launch.get().arity();
        }
        return switch (flag) {
            case RunCommandSpec.DRY_RUN, RunCommandSpec.TIMINGS -> Arity.FLAG;
            case RunCommandSpec.CONFIG, RunCommandSpec.CONFIG_FD -> Arity.VALUE;
            default -> GlobalOption.byFlag(flag) != null ? Arity.VALUE : null;
        };
    }
}
