package dev.nucleus.cli.doctor;

import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.ports.in.HostReport;
import dev.nucleus.ports.in.InspectHost;
import dev.nucleus.ports.service.HostInspection;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nucleus doctor}: what this host can enforce, and which modes can run fail-closed. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Probe this host (Landlock, seccomp, namespaces, cgroups, runsc) and report which"
                + " service modes the native runtime can run fail-closed here, with every reason why not.",
                "Always exits 0: a missing feature is a finding, not a failure."})
public final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the report as one JSON object instead of a table.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final InspectHost inspectHost;

    /** Wires the real Linux probe; nothing native is loaded until the command runs. */
    public DoctorCommand() {
        this(new HostInspection(new LinuxHostProbe()));
    }

    DoctorCommand(InspectHost inspectHost) {
        this.inspectHost = Objects.requireNonNull(inspectHost, "inspectHost");
    }

    @Override
    public Integer call() {
        HostReport report = inspectHost.inspect();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? DoctorJson.render(report) : DoctorTable.render(report));
        out.flush();
        return 0;
    }
}
