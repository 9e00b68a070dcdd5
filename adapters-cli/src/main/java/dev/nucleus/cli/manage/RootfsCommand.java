package dev.nucleus.cli.manage;

import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.domain.integrity.RootfsManifest;
import dev.nucleus.linux.integrity.RootfsAttestation;
import dev.nucleus.ports.LaunchFailedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code nucleus rootfs attest DIR}: write or check a rootfs's {@code .nucleus-rootfs-sha256}. */
@Command(name = "rootfs", mixinStandardHelpOptions = true, description = "Rootfs tools.",
        subcommands = RootfsCommand.Attest.class)
public final class RootfsCommand extends ToolGroup {

    @Command(name = "attest", mixinStandardHelpOptions = true,
            description = {"Write DIR/" + RootfsManifest.FILE_NAME + ": the SHA-256 of every regular file, following"
                    + " symlinks as the container resolves them (an absolute target or .. inside DIR, as a chroot;"
                    + " /nix/store/<hash>-<name> in the host's store object), never into the host's files.",
                    "With --check, verify DIR against it instead: exit 0 when it matches, 2 listing what is"
                            + " missing, changed and extra."})
    public static final class Attest extends ManagementCommand {
        @Parameters(index = "0", paramLabel = "DIR", description = "The rootfs directory.")
        Path dir;

        @Option(names = "--check", description = "Verify DIR against its manifest instead of writing it.")
        boolean check;

        @Override
        String pendingBackend() {
            return "";
        }

        @Override
        Integer execute() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                if (!check) {
                    RootfsManifest m = RootfsAttestation.write(dir);
                    out.println("wrote " + dir.resolve(RootfsManifest.FILE_NAME) + " (" + m.entries().size()
                            + " files)");
                    return ExitCodes.OK;
                }
                RootfsManifest.Difference d = RootfsAttestation.check(dir);
                if (d.clean()) {
                    out.println(dir + " matches its " + RootfsManifest.FILE_NAME);
                    return ExitCodes.OK;
                }
                err.println("nucleus: " + dir + " does not match its " + RootfsManifest.FILE_NAME + ": "
                        + d.describe(Integer.MAX_VALUE));
                list(out, "changed", d.changed());
                list(out, "missing", d.missing());
                list(out, "extra", d.extra());
                return ExitCodes.INVALID;
            } catch (RootfsAttestation.Refused e) {
                err.println("nucleus: " + e.getMessage());
                return ExitCodes.INVALID;
            } catch (LaunchFailedException e) {
                err.println("nucleus: " + e.getMessage());
                return ExitCodes.RUNTIME_FAILURE;
            } finally {
                out.flush();
                err.flush();
            }
        }

        private static void list(PrintWriter out, String what, List<String> paths) {
            paths.forEach(p -> out.println(what + "\t" + p));
        }
    }
}
