package dev.nucleus.cli.manage;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A group of tool subcommands ({@code nucleus audit verify}, {@code seccomp generate},
 * {@code rootfs attest}): the group alone is a usage error naming its subcommands (exit 2).
 */
abstract class ToolGroup implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()));
    }
}
