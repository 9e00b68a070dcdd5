package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.NotImplementedYet;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Base of the container-management commands. Arguments are parsed and validated by picocli and
 * {@link #validate()}; commands whose backend lands in a later issue then say so with exit 125.
 */
abstract class ManagementCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalMixin globals;

    /** Checks arguments picocli cannot check; throws a ParameterException (exit 2) when bad. */
    void validate() {
    }

    /** What is missing, for the "not implemented yet" message. */
    abstract String pendingBackend();

    @Override
    public Integer call() {
        validate();
        return NotImplementedYet.report(spec.commandLine().getErr(), pendingBackend());
    }

    picocli.CommandLine.ParameterException bad(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
