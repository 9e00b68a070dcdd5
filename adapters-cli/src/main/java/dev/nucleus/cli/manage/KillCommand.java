package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;

import dev.nucleus.domain.value.InvalidValueException;
import dev.nucleus.domain.value.Signals;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nucleus kill CONTAINER [SIGNAL]}: send a signal. */
public final class KillCommand extends ManagementCommand {
    String container;
    String positionalSignal;
    String signal;

    @Override
    public CommandSpec programmaticSpec() {
        return SpecBuilder.of(this, "kill", "Send a signal to a container's workload (default KILL).")
                .container(v -> container = v, "1")
                .parameter(v -> positionalSignal = v, "1", "0..1", "SIGNAL", "Signal name or number.")
                .text(v -> signal = v, "SIGNAL", "Signal name (TERM, SIGHUP, ...) or number.", "-s", "--signal")
                .build();
    }

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
