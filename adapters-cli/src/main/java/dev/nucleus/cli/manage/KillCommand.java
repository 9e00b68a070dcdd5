package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.domain.lifecycle.ContainerState;

import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nucleus kill CONTAINER [SIGNAL]}: send a signal. */
@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "Send a signal to a container's workload (default KILL).")
public final class KillCommand extends ManagementCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Id, unique id prefix, or name.")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIGNAL", description = "Signal name or number.")
    String positionalSignal;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal name (TERM, SIGHUP, ...) or number.")
    String signal;

    int signalNumber;

    @Override
    void validate() {
        ContainerNames.check(this, container);
        if (signal != null && positionalSignal != null) {
            throw bad("give the signal once: either --signal or the SIGNAL argument");
        }
        String s = signal != null ? signal : positionalSignal != null ? positionalSignal : "KILL";
        try {
            signalNumber = Signals.parse(s);
        } catch (InvalidValueException e) {
            throw bad("invalid signal '" + s + "': " + e.getMessage());
        }
    }

    @Override
    String pendingBackend() {
        return "";
    }

    @Override
    Integer execute() {
        return manage((containers, uid, out) -> {
            containers.kill(container, signalNumber, uid);
            return ExitCodes.OK;
        });
    }
}
