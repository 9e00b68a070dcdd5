package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.domain.lifecycle.ContainerState;
import picocli.CommandLine.Model.CommandSpec;


/** {@code nucleus stop CONTAINER}: SIGTERM, then SIGKILL after the timeout. */
public final class StopCommand extends ManagementCommand {
    String container;
    long timeout;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "stop",
                        "Stop a container: SIGTERM, then SIGKILL once the timeout has passed. Stopping a stopped container succeeds.")
                .container(v -> container = v, "1")
                .number(v -> timeout = v, "SECONDS", "10", "Seconds to wait after SIGTERM (default ${DEFAULT-VALUE}).",
                        "-t", "--timeout")
                .build();
    }

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
