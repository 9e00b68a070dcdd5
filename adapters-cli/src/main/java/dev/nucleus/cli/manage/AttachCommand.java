package dev.nucleus.cli.manage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code nucleus attach CONTAINER [-- CMD]}: run a command inside a running container. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Run a command (default /bin/sh) inside a running container: every namespace and the cgroup,",
                "with the workload's own identity, capabilities, Landlock and seccomp."})
public final class AttachCommand extends ManagementCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Id, unique id prefix, or name.")
    String container;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "Command and arguments (default /bin/sh).")
    List<String> command;

    @Override
    void validate() {
        ContainerNames.check(this, container);
    }

    @Override
    String pendingBackend() {
        return "nucleus attach: setns through the shim (lifecycle issue)";
    }
}
