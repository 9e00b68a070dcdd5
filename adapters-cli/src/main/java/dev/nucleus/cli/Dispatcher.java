package dev.nucleus.cli;

import dev.nucleus.cli.run.SuperviseCommand;
import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.Version;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.ProblemReport;
import dev.nucleus.cli.common.UsageException;

import dev.nucleus.cli.config.Suggestions;
import dev.nucleus.cli.logging.CliLog;
import dev.nucleus.cli.manage.ImageRun;
import dev.nucleus.cli.manage.ManagementCommand;
import dev.nucleus.cli.run.RunCommand;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Routes {@code nucleus [GLOBAL OPTIONS] COMMAND ...} to the command's own parser. Global options
 * before the command are consumed here; {@code --version}, {@code version} and {@code --help}
 * never build a parser at all.
 */
final class Dispatcher {
    private final PrintWriter out;
    private final PrintWriter err;

    Dispatcher(PrintStream out, PrintStream err) {
        this.out = new PrintWriter(out, false, StandardCharsets.UTF_8);
        this.err = new PrintWriter(err, true, StandardCharsets.UTF_8);
    }

    static Dispatcher standard() {
        return new Dispatcher(System.out, System.err);
    }

    int dispatch(String[] argv) {
        try {
            return route(Arrays.asList(argv));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int route(List<String> args) {
        GlobalSettings globals = GlobalSettings.empty();
        int i = 0;
        try {
            while (i < args.size() && args.get(i).startsWith("-")) {
                String arg = args.get(i);
                if (arg.equals("--version") || arg.equals("-V")) {
                    return version();
                }
                if (arg.equals("--help") || arg.equals("-h")) {
                    out.print(TopLevelHelp.render());
                    return ExitCodes.OK;
                }
                int eq = arg.indexOf('=');
                GlobalOption g = GlobalOption.byFlag(eq > 0 ? arg.substring(0, eq) : arg);
                if (g == null) {
                    return ProblemReport.usage(err, "", "unknown global option '" + arg + "'");
                }
                if (eq > 0) {
                    globals = globals.with(g, arg.substring(eq + 1));
                    i++;
                } else if (i + 1 < args.size()) {
                    globals = globals.with(g, args.get(i + 1));
                    i += 2;
                } else {
                    return ProblemReport.usage(err, "", g.flag() + " needs a value");
                }
            }
        } catch (UsageException e) {
            return ProblemReport.usage(err, "", e.getMessage());
        }
        if (i == args.size()) {
            err.print(TopLevelHelp.render());
            return ExitCodes.INVALID;
        }
        String word = args.get(i);
        List<String> rest = args.subList(i + 1, args.size());
        if (word.equals(SuperviseCommand.NAME)) {
            return SuperviseCommand.execute(rest); // internal, so not in the catalog, help or completion
        }
        var entry = CommandCatalog.find(word);
        if (entry.isEmpty()) {
            String hint = Suggestions.nearest(word, CommandCatalog.allNames()).map(s -> " (did you mean '" + s + "'?)")
                    .orElse("");
            return ProblemReport.usage(err, "", "unknown command '" + word + "'" + hint);
        }
        if (entry.get().name().equals("image") && !rest.isEmpty() && rest.getFirst().equals("run")) {
            return ImageRun.execute(rest.subList(1, rest.size()), globals, out, err); // every run option follows
        }
        return switch (entry.get().kind()) {
            case LAUNCH -> new RunCommand(entry.get().name(), out, err).execute(rest, globals);
            case ANNOTATED -> annotated(entry.get(), rest, globals);
            case VERSION -> version();
            case COMPLETION -> completion(rest);
            case HELP -> help(rest);
        };
    }

    private int annotated(CommandCatalog.Entry entry, List<String> rest, GlobalSettings globals) {
        CliLog.configure(globals);
        CommandLine cl = commandLine(entry.create());
        inheritGlobals(cl, globals);
        cl.setOut(out).setErr(err);
        cl.setParameterExceptionHandler((ex, args) ->
                ProblemReport.usage(err, ex.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^nucleus ", ""),
                        ex.getMessage()));
        setVersion(cl);
        return cl.execute(rest.toArray(String[]::new));
    }

    /** A command's picocli model: the one it builds itself, or read from its annotations. */
    static CommandLine commandLine(Object command) {
        CommandLine.Model.CommandSpec spec = command instanceof ManagementCommand m ? m.programmaticSpec() : null;
        return spec != null ? new CommandLine(spec) : new CommandLine(command);
    }

    private static void inheritGlobals(CommandLine cl, GlobalSettings globals) {
        if (cl.getCommand() instanceof ManagementCommand m) {
            m.inheritGlobals(globals);
        }
        cl.getSubcommands().values().forEach(sub -> inheritGlobals(sub, globals));
    }

    /** Annotated commands get -V/--version from picocli's standard help options; make it print ours. */
    private static void setVersion(CommandLine cl) {
        cl.getCommandSpec().versionProvider(() -> new String[]{"nucleus " + Version.current()});
        cl.getSubcommands().values().forEach(Dispatcher::setVersion);
    }

    private int version() {
        out.println("nucleus " + Version.current());
        return ExitCodes.OK;
    }

    private int completion(List<String> rest) {
        if (rest.size() == 1 && (rest.getFirst().equals("--help") || rest.getFirst().equals("-h"))) {
            out.println("Usage: nucleus completion bash");
            out.println();
            out.println("Print a bash completion script for nucleus: source <(nucleus completion bash)");
            return ExitCodes.OK;
        }
        if (rest.size() != 1 || !rest.getFirst().equals("bash")) {
            return ProblemReport.usage(err, "completion", "expected exactly one shell: bash");
        }
        out.print(CompletionScript.bash());
        return ExitCodes.OK;
    }

    private int help(List<String> rest) {
        if (rest.isEmpty()) {
            out.print(TopLevelHelp.render());
            return ExitCodes.OK;
        }
        List<String> argv = new java.util.ArrayList<>(rest);
        argv.add("--help");
        return route(argv);
    }
}
