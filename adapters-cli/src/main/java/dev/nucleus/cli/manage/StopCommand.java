package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.domain.lifecycle.ContainerState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nucleus stop CONTAINER}: SIGTERM, then SIGKILL after the timeout. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a container: SIGTERM, then SIGKILL once the timeout has passed. Stopping a stopped container succeeds.")
public final class StopCommand extends ManagementCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Id, unique id prefix, or name.")
    String container;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait after SIGTERM (default ${DEFAULT-VALUE}).")
    long timeout;

    @Override
    void validate() {
        ContainerNames.check(this, container);
        if (timeout < 0) {
            throw bad("--timeout: invalid value '" + timeout + "': expected 0 or more seconds");
        }
    }

    @Override
    String pendingBackend() {
        return "";
    }

    @Override
    Integer execute() {
        return manage((containers, uid, out) -> {
            ContainerState after = containers.stop(container, timeout * 1000, uid);
            out.println(after.facts().id());
            return ExitCodes.OK;
        });
    }
}
