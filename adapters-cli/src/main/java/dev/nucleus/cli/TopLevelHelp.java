package dev.nucleus.cli;

import dev.nucleus.cli.common.GlobalOption;

/** {@code nucleus --help}, rendered from the catalogue without building any command's parser. */
final class TopLevelHelp {
    private TopLevelHelp() {
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: nucleus [GLOBAL OPTIONS] COMMAND [ARGS...]\n\n");
        sb.append("Daemonless, security-hardened container runtime: agent, strict-agent and production modes\n");
        sb.append("on namespaces, cgroups, pivot_root, capabilities, Landlock and seccomp, or inside gVisor.\n\n");
        sb.append("Commands:\n");
        for (CommandCatalog.Entry e : CommandCatalog.ENTRIES) {
            String names = e.aliases().isEmpty() ? e.name() : e.name() + ", " + String.join(", ", e.aliases());
            sb.append(String.format(java.util.Locale.ROOT, "  %-14s %s%n", names, e.summary()));
        }
        sb.append("\nGlobal options:\n");
        for (GlobalOption g : GlobalOption.values()) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-22s %s%n", g.flag() + " " + g.label(), g.description()));
        }
        sb.append(String.format(java.util.Locale.ROOT, "  %-22s %s%n", "-h, --help", "Show this help."));
        sb.append(String.format(java.util.Locale.ROOT, "  %-22s %s%n", "-V, --version", "Print the version."));
        sb.append("\nRun 'nucleus COMMAND --help' for a command's options.\n");
        sb.append("Exit status: the workload's own; 128+N if it died of signal N; 2 invalid request or policy\n");
        sb.append("violation; 125 Nucleus failed; 126 command not executable; 127 command not found.\n");
        return sb.toString();
    }
}
