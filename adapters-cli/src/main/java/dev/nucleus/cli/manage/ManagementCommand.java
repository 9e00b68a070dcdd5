package dev.nucleus.cli.manage;


import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.NotImplementedYet;
import dev.nucleus.cli.run.CallerIdentity;
import dev.nucleus.linux.state.StateDirectory;
import dev.nucleus.ports.ContainerCommandException;
import dev.nucleus.ports.StateStoreException;
import dev.nucleus.ports.in.ManageContainers;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.logging.CliLog;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Base of the container-management commands. Arguments are parsed and validated by picocli and
 * {@link #validate()}; commands whose backend lands in a later issue then say so with exit 125.
 */
public abstract class ManagementCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalMixin globals = new GlobalMixin();

    /** Global options that preceded the command name. */
    private GlobalSettings before = GlobalSettings.empty();

    public void inheritGlobals(GlobalSettings settings) {
        this.before = settings;
    }

    /**
     * This command's picocli spec when it builds one itself ({@link SpecBuilder}, no annotation
     * reflection); null when picocli reads it from the class's annotations.
     */
    public CommandSpec programmaticSpec() {
        return null;
    }

    /** Checks arguments picocli cannot check; throws a ParameterException (exit 2) when bad. */
    void validate() {
    }

    /** What is missing, for the "not implemented yet" message. */
    abstract String pendingBackend();

    /** The global options in force for this command. */
    private GlobalSettings settings = GlobalSettings.empty();

    @Override
    public Integer call() {
        try {
            settings = globals.settings(before);
            CliLog.configure(settings);
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

    /** One management action over the caller's containers. */
    interface Action {
        Integer run(ManageContainers containers, long callerUid, PrintWriter out)
                throws ContainerCommandException, StateStoreException;
    }

    /**
     * Runs the action against this caller's state directory ({@code --root}, NUCLEUS_STATE_DIR, ...):
     * a command that cannot be done as asked exits 2, a state store failure 125.
     */
    Integer manage(Action action) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long uid = CallerIdentity.current().uid();
        ManageContainers containers = containers(StateDirectory.of(settings.get(GlobalOption.ROOT), uid));
        try {
            return action.run(containers, uid, out);
        } catch (ContainerCommandException e) {
            err.println("nucleus " + spec.name() + ": " + e.getMessage());
            return ExitCodes.INVALID;
        } catch (StateStoreException e) {
            err.println("nucleus " + spec.name() + ": " + e.getMessage());
            return ExitCodes.RUNTIME_FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The management use cases over the containers of the state directory {@code base}. */
    public static ManageContainers containers(java.nio.file.Path base) {
        return dev.nucleus.cli.common.HostContainers.of(base);
    }

    /** Where warnings go (stderr). */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The command's name as typed: ps, state, ... */
    String commandName() {
        return spec.name();
    }

    /** The global options in force (after parsing). */
    GlobalSettings globalSettings() {
        return settings;
    }

    /** This caller's state directory, as {@link #manage} uses it. */
    java.nio.file.Path stateBase() {
        return StateDirectory.of(settings.get(GlobalOption.ROOT), CallerIdentity.current().uid());
    }

    picocli.CommandLine.ParameterException bad(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
