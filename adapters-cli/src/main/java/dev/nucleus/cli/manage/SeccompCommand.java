package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nucleus seccomp generate TRACE}: trace NDJSON to an OCI profile. */
@Command(name = "seccomp", mixinStandardHelpOptions = true, description = "Seccomp profile tools.",
        subcommands = SeccompCommand.Generate.class)
public final class SeccompCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: generate");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Turn a trace-mode syscall log (NDJSON) into a minimal OCI seccomp profile.")
    public static final class Generate extends ManagementCommand {
        @Parameters(index = "0", paramLabel = "TRACE", description = "NDJSON written by --seccomp-mode trace.")
        String trace;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the profile here (default stdout).")
        String output;

        @Override
        String pendingBackend() {
            return "nucleus seccomp generate: the seccomp trace format (security-policy issue)";
        }
    }
}
