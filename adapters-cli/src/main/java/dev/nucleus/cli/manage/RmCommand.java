package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.domain.lifecycle.ContainerState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code nucleus rm} (alias {@code delete}): remove stopped containers and all they left behind. */
@Command(name = "rm", aliases = "delete", mixinStandardHelpOptions = true,
        description = "Remove containers and everything they left: state, cgroups, mounts, veths, rules.")
public final class RmCommand extends ManagementCommand {
    @Parameters(index = "0..*", arity = "1..*", paramLabel = "CONTAINER", description = "Id, unique id prefix, or name.")
    List<String> containers;

    @Option(names = {"-f", "--force"}, description = "Stop running containers first.")
    boolean force;

    @Override
    void validate() {
        containers.forEach(c -> ContainerNames.check(this, c));
    }

    @Override
    String pendingBackend() {
        return "";
    }

    @Override
    Integer execute() {
        return manage((containers, uid, out) -> {
            for (String c : this.containers) {
                String id = containers.inspect(c).facts().id();
                containers.remove(c, force, uid);
                out.println(id);
            }
            return ExitCodes.OK;
        });
    }
}
