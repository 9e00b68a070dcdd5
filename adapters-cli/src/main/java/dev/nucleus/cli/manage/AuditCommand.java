package dev.nucleus.cli.manage;

import dev.nucleus.linux.sys.FileErrors;
import dev.nucleus.domain.value.AsciiText;
import dev.nucleus.cli.common.ExitCodes;
import dev.nucleus.linux.audit.AuditChain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code nucleus audit verify FILE}: check the audit log's hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit log tools.",
        subcommands = AuditCommand.Verify.class)
public final class AuditCommand extends ToolGroup {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check that no record of an audit log was edited, deleted or inserted: each record's"
                    + " seq follows the one before and its prev_sha256 is the SHA-256 of the line before.",
                    "Exit 0 when the chain is intact; 2, listing each break, when it is not.",
                    "An intact log's head (its last record's seq and SHA-256) is printed: keep it elsewhere, and"
                            + " a later verify given it with --expect-head also finds an edited last record or a"
                            + " cut-off tail, which the chain alone cannot."})
    public static final class Verify extends ManagementCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The audit log (JSON lines).")
        Path file;

        @Option(names = "--expect-head", paramLabel = "SHA256",
                description = "The head's SHA-256 an earlier verify printed: the record it names must still be"
                        + " in the log, unchanged (the log may have grown since).")
        String expectHead;

        @Override
        String pendingBackend() {
            return "";
        }

        @Override
        Integer execute() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (expectHead != null && !expectHead.matches("[0-9a-fA-F]{64}")) {
                err.println("nucleus audit verify: --expect-head " + expectHead
                        + ": not a SHA-256 (64 hex digits, as verify prints the head)");
                return ExitCodes.INVALID;
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                List<String> problems = expectHead == null ? AuditChain.verify(lines)
                        : AuditChain.verify(lines, AsciiText.lowerCase(expectHead));
                if (problems.isEmpty()) {
                    out.println(file + ": " + lines.size() + " records, chain intact; head " + AuditChain.head(lines)
                            + (expectHead == null ? "" : " (the expected head is in it)"));
                    return ExitCodes.OK;
                }
                err.println("nucleus audit verify: " + file + ": the chain is broken (" + problems.size()
                        + " problem(s)):");
                problems.forEach(p -> err.println("  - " + p));
                return ExitCodes.INVALID;
            } catch (IOException e) {
                err.println("nucleus audit verify: " + file + ": " + FileErrors.reason(e));
                return ExitCodes.INVALID;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }
}
