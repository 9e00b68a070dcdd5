package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.NotImplementedYet;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.logging.CliLog;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Base of the container-management commands. Arguments are parsed and validated by picocli and
 * {@link #validate()}; commands whose backend lands in a later issue then say so with exit 125.
 */
public abstract class ManagementCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalMixin globals;

    /** Global options that preceded the command name. */
    private GlobalSettings before = GlobalSettings.empty();

    public void inheritGlobals(GlobalSettings settings) {
        this.before = settings;
    }

    /** Checks arguments picocli cannot check; throws a ParameterException (exit 2) when bad. */
    void validate() {
    }

    /** What is missing, for the "not implemented yet" message. */
    abstract String pendingBackend();

    @Override
    public Integer call() {
        try {
            CliLog.configure(globals.settings(before));
        } catch (UsageException e) {
            throw bad(e.getMessage());
        }
        validate();
        return execute();
    }

    /** Runs the command once logging is configured and arguments are valid; by default, not implemented yet. */
    Integer execute() {
        return NotImplementedYet.report(spec.commandLine().getErr(), pendingBackend());
    }

    picocli.CommandLine.ParameterException bad(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
