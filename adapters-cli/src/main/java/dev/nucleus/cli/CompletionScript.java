package dev.nucleus.cli;

import dev.nucleus.cli.common.GlobalOption;

import dev.nucleus.cli.run.RunCommand;
import dev.nucleus.cli.run.RunCommandSpec;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Builds the whole command tree once and lets picocli write a bash completion script. */
final class CompletionScript {
    private CompletionScript() {
    }

    static String bash() {
        CommandSpec root = CommandSpec.create().name("nucleus");
        for (GlobalOption g : GlobalOption.values()) {
            root.addOption(OptionSpec.builder(g.flag()).paramLabel(g.label()).type(String.class).build());
        }
        CommandLine tree = new CommandLine(root);
        for (CommandCatalog.Entry e : CommandCatalog.ENTRIES) {
            switch (e.kind()) {
                case LAUNCH -> tree.addSubcommand(e.name(), new CommandLine(
                        RunCommandSpec.build(e.name(), RunCommand.description(e.name()))));
                case ANNOTATED -> tree.addSubcommand(e.name(), Dispatcher.commandLine(e.create()),
                        e.aliases().toArray(String[]::new));
                case VERSION, HELP -> tree.addSubcommand(e.name(), new CommandLine(CommandSpec.create().name(e.name())));
                case COMPLETION -> tree.addSubcommand(e.name(), new CommandLine(CommandSpec.create().name(e.name())
                        .addPositional(CommandLine.Model.PositionalParamSpec.builder().paramLabel("SHELL")
                                .completionCandidates(java.util.List.of("bash")).build())));
            }
        }
        return AutoComplete.bash("nucleus", tree);
    }
}
