package dev.nucleus.cli.manage;

import dev.nucleus.linux.sys.FileErrors;
import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.domain.seccomp.SeccompOptIn;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallCount;
import dev.nucleus.domain.seccomp.TraceProfiles;
import dev.nucleus.linux.seccomp.OciProfileWriter;
import dev.nucleus.linux.seccomp.SyscallTraceLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeSet;

/** {@code nucleus seccomp generate TRACE}: trace NDJSON to an OCI profile. */
@Command(name = "seccomp", mixinStandardHelpOptions = true, description = "Seccomp profile tools.",
        subcommands = SeccompCommand.Generate.class)
public final class SeccompCommand extends ToolGroup {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Turn a trace-mode syscall log (NDJSON) into a minimal OCI seccomp profile: every traced"
                    + " syscall allowed (clone only without namespace flags), anything else kills the process.",
                    "Prints \"Profile contains N syscalls\" on stderr, and names any traced syscall that no"
                            + " default profile allows so it can be reviewed."})
    public static final class Generate extends ManagementCommand {
        @Parameters(index = "0", paramLabel = "TRACE", description = "NDJSON written by --seccomp-mode trace.")
        Path trace;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the profile here (default stdout).")
        Path output;

        @Override
        String pendingBackend() {
            return "";
        }

        @Override
        Integer execute() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                List<SyscallCount> counts = SyscallTraceLog.read(trace);
                List<String> names = SyscallTraceLog.names(trace, counts);
                SeccompProfile profile = TraceProfiles.generated(names);
                String json = OciProfileWriter.toJson(profile);
                if (output == null) {
                    out.print(json);
                } else {
                    try {
                        Files.writeString(output, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE,
                                LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        err.println("nucleus: seccomp generate: cannot write " + output + ": " + FileErrors.reason(e));
                        return ExitCodes.INVALID;
                    }
                }
                err.println("Profile contains " + profile.rules().size() + " syscalls");
                TreeSet<String> critical = new TreeSet<>(names);
                critical.retainAll(SeccompOptIn.critical());
                if (!critical.isEmpty()) {
                    err.println("nucleus: warning: the trace used " + String.join(", ", critical)
                            + ", which no default profile allows; review before enforcing");
                }
                return ExitCodes.OK;
            } catch (SyscallTraceLog.Malformed e) {
                err.println("nucleus: seccomp generate: " + e.getMessage());
                return ExitCodes.INVALID;
            } catch (IOException e) {
                err.println("nucleus: seccomp generate: cannot read " + trace + ": " + FileErrors.reason(e));
                return ExitCodes.INVALID;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
