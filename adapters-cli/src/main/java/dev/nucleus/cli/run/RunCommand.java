package dev.nucleus.cli.run;

import dev.nucleus.cli.common.CallerFds;
import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.cli.common.GlobalSettings;
import dev.nucleus.cli.events.CliAudit;
import dev.nucleus.cli.events.CliEvents;
import dev.nucleus.cli.common.ProblemReport;
import dev.nucleus.cli.common.UsageException;
import dev.nucleus.cli.config.ConfigDocumentException;
import dev.nucleus.cli.config.ConfigDocuments;
import dev.nucleus.cli.config.ConfigSource;
import dev.nucleus.cli.logging.CliLog;
import dev.nucleus.cli.output.SpecJson;
import dev.nucleus.domain.launch.InvalidRequestException;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.linux.backend.SubordinateIdFiles;
import dev.nucleus.ports.out.AuditLog;
import dev.nucleus.ports.out.LaunchSecrets;
import dev.nucleus.ports.service.LaunchResolution;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code nucleus run} and {@code nucleus create}: read the request from flags or a config document,
 * resolve and validate it, then print it ({@code --dry-run}) or launch it.
 */
public final class RunCommand {
    private static final String LOGGER = "nucleus.run";
    /**
     * The options that may name a caller's fd. Written out, not read from {@link LaunchOption}: that
     * class's initialisation (some 95 options, their strings resolved cold) would otherwise run before
     * the host probe's thread starts, on the launch's critical path; MayNameAnFdTest holds them to
     * LaunchOption's flags.
     */
    static final Set<String> FD_NAMING = Set.of(GlobalOption.EVENTS_FD.flag(), "--env-fd", "--secrets-fd",
            RunCommandSpec.CONFIG_FD, RunCommandSpec.CONFIG);
    private final String name;
    private final PrintWriter out;
    private final PrintWriter err;

    public RunCommand(String name, PrintWriter out, PrintWriter err) {
        this.name = name;
        this.out = out;
        this.err = err;
    }

    public static String description(String name) {
        return name.equals("create")
                ? "Create a container; with -d it runs detached and its id is printed."
                : "Run a command in a new container, in the foreground.";
    }

    public int execute(List<String> args, GlobalSettings globals) {
        // Before the thread below opens files of its own, which could take a number the caller did not pass.
        CallerFds callerFds = mayNameAnFd(globals, args) ? CallerFds.snapshot() : CallerFds.none();
        HostProbeAhead.start(); // independent of the request: probed while it is parsed
        try {
            return execute(args, globals, callerFds);
        } finally {
            HostProbeAhead.release(); // its thread, when no launch went on with it
        }
    }

    private int execute(List<String> args, GlobalSettings globals, CallerFds callerFds) {
        Optional<LeadingOptions> options = LeadingOptions.of(args);
        RunInvocation invocation;
        try {
            invocation = RunCommandSpec.read(name, description(name), args, options, globals);
        } catch (UsageException e) {
            return ProblemReport.usage(err, name, e.getMessage());
        }
        if (invocation.help()) {
            out.print(RunCommandSpec.usage(RunCommandSpec.build(name, description(name))));
            out.flush();
            return 0;
        }
        CliLog.configure(invocation.globals());
        RawLaunchRequest request;
        Optional<ConfigSource> document;
        try {
            document = document(invocation, callerFds);
            request = request(invocation, document, callerFds);
        } catch (UsageException e) {
            return ProblemReport.usage(err, name, e.getMessage());
        } catch (ConfigDocumentException e) {
            return refused(invocation, callerFds, Optional.empty(), "invalid config document", e.problems());
        } catch (InvalidRequestException e) {
            return refused(invocation, callerFds, Optional.empty(), "refused", e.problems());
        }
        Invoker invoker = CallerIdentity.current();
        ContainerSpec resolved;
        try {
            resolved = new LaunchResolution(new SubordinateIdFiles()).resolve(request, invoker);
        } catch (InvalidRequestException e) {
            CliLog.info(LOGGER, () -> "launch refused: " + e.problems().size() + " problem(s)");
            List<String> asked = request.values().get(LaunchOption.NAME);
            return refused(invocation, callerFds, asked == null || asked.isEmpty() ? Optional.empty()
                    : Optional.of(asked.getLast()), "refused",
                    document.isPresent() ? document.get().locate(e.problems()) : e.problems());
        }
        CliLog.info(LOGGER, () -> summary(resolved));
        if (invocation.dryRun()) {
            out.println(SpecJson.render(resolved));
            out.flush();
            if (invocation.timings()) {
                err.print(new StartTimings(dev.nucleus.ports.out.Telemetry.NONE).report(
                        StartTimings.execMark(System.getenv())));
            }
            return 0;
        }
        LaunchSecrets secrets = LaunchSecrets.none();
        if (resolved.request().workload().envFd().isPresent()) {
            try {
                secrets = new LaunchSecrets(EnvFdReader.read(
                        callerFds.readable(LaunchOption.ENV_FD.flag(), resolved.request().workload().envFd().getAsInt())));
            } catch (UsageException e) {
                return ProblemReport.usage(err, name, e.getMessage());
            } catch (InvalidRequestException e) {
                return ProblemReport.print(err, name, "refused", e.problems());
            }
        }
        if (resolved.request().lifecycle().detach()) {
            if (invocation.timings()) {
                return ProblemReport.usage(err, name, "--timings reports a foreground launch; it cannot be combined"
                        + " with -d (the phases of a detached launch are in its OTLP spans)");
            }
            return Detach.start(name, request, resolved, secrets, invoker, invocation.globals(), out, err);
        }
        try (CliEvents events = CliEvents.open(invocation.globals(), err, callerFds)) {
            AuditLog audit = CliAudit.open(invocation.globals(), invoker.uid(), events);
            return Launch.foreground(name, resolved, secrets, invoker, err, events, audit, invocation.globals(),
                    Optional.empty(), invocation.timings());
        } catch (UsageException e) {
            return ProblemReport.usage(err, name, e.getMessage());
        }
    }

    /**
     * A request refused before anything was made: its problems on stderr and, when an events stream
     * is asked for, a container_failed event (exit 2), as for a launch that failed later.
     */
    private int refused(RunInvocation invocation, CallerFds callerFds, Optional<String> requestedName,
                        String headline, List<dev.nucleus.domain.launch.Problem> problems) {
        int status = ProblemReport.print(err, name, headline, problems);
        if (invocation.globals().get(GlobalOption.EVENTS_JSONL).isEmpty()
                && invocation.globals().get(GlobalOption.EVENTS_FD).isEmpty()) {
            return status;
        }
        try (CliEvents events = CliEvents.open(invocation.globals(), err, callerFds)) {
            events.emit(new dev.nucleus.domain.event.ContainerEvent.LaunchFailed(requestedName, status,
                    ProblemReport.text(headline, problems).strip()));
        } catch (UsageException e) {
            err.println("nucleus " + name + ": " + e.getMessage()); // the stream itself cannot be opened
            err.flush();
        }
        return status;
    }

    /**
     * Whether the request may name an fd of the caller's: {@code --events-fd}, {@code --env-fd},
     * {@code --config-fd} or a config document (which may hold {@code env_fd}) anywhere before
     * {@code --}, even as another option's value, or an {@code @file} picocli would expand into
     * options. Only then are the inherited fds worth listing. Read from the raw tokens, without
     * the option table, so that the host probe starts as early as it can.
     */
    static boolean mayNameAnFd(GlobalSettings globals, List<String> args) {
        if (globals.get(GlobalOption.EVENTS_FD).isPresent()) {
            return true;
        }
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            int eq = arg.indexOf('=');
            if (arg.startsWith("@") || FD_NAMING.contains(eq > 0 ? arg.substring(0, eq) : arg)) {
                return true;
            }
        }
        return false;
    }

    /** One line about the launch; never the environment or other values that may be secret. */
    private static String summary(ContainerSpec spec) {
        var r = spec.request();
        return "launch resolved: mode=" + spec.mode().cliName() + " runtime=" + r.runtime().kind().cliName()
                + " network=" + r.network().mode().cliName() + " userns=" + spec.userNamespace().source() + " rootfs="
                + r.filesystem().rootfs().kind() + " program=" + r.workload().command().getFirst();
    }

    /**
     * The raw request of an invocation: its flags, or the config document it names ({@code
     * --config-fd} among {@code callerFds}), with the secrets a {@code --secrets-fd} holds.
     */
    public static RawLaunchRequest request(RunInvocation inv, CallerFds callerFds)
            throws UsageException, ConfigDocumentException, InvalidRequestException {
        return request(inv, document(inv, callerFds), callerFds);
    }

    /** The document's request, or the flags', with its --secrets-fd secrets read. */
    private static RawLaunchRequest request(RunInvocation inv, Optional<ConfigSource> document, CallerFds callerFds)
            throws ConfigDocumentException, InvalidRequestException, UsageException {
        return SecretsFdReader.expand(document.isPresent() ? document.get().parse() : inv.flags(), callerFds);
    }

    /** The config document the invocation names, read; empty for a launch by flags. */
    private static Optional<ConfigSource> document(RunInvocation inv, CallerFds callerFds) throws UsageException {
        if (!inv.usesConfigDocument()) {
            return Optional.empty();
        }
        if (inv.configFile().isPresent() && inv.configFd().isPresent()) {
            throw new UsageException("--config and --config-fd cannot be combined; choose one");
        }
        if (!inv.launchFlagsGiven().isEmpty()) {
            throw new UsageException("a config document owns the whole launch request; it cannot be mixed with "
                    + String.join(", ", inv.launchFlagsGiven())
                    + ". Move them into the document (keys are the long option names in snake_case, plus 'command')");
        }
        if (inv.configFile().isPresent()) {
            String file = inv.configFile().get();
            return Optional.of(new ConfigSource(read(Path.of(file), "--config " + file), file,
                    ConfigDocuments.formatFor(file)));
        }
        int fd = inv.configFd().getAsInt();
        String what = RunCommandSpec.CONFIG_FD + " " + fd;
        return Optional.of(new ConfigSource(read(callerFds.readable(RunCommandSpec.CONFIG_FD, fd), what), what, null));
    }

    private static String read(Path path, String what) throws UsageException {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(what + ": no such file or descriptor");
        } catch (IOException e) {
            throw new UsageException(what + ": cannot read: " + e.getMessage());
        }
    }
}
