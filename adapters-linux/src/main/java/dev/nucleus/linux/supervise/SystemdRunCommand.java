package dev.nucleus.linux.supervise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code systemd-run} command line of a detached container: a transient service
 * {@code nucleus-<id12>} that systemd collects when it ends (even failed), stops by SIGTERM to the
 * supervisor then SIGKILL to the rest (KillMode=mixed) within 30 s, and whose output is the
 * journal's. Environment variables are passed by name only (systemd-run copies their values
 * from its own environment), so no value ever appears on a command line.
 */
public final class SystemdRunCommand {
    /** What the supervisor needs from the caller's environment to find the same state and logs. */
    static final List<String> PASSED_ENVIRONMENT = List.of("NUCLEUS_STATE_DIR", "XDG_RUNTIME_DIR", "XDG_STATE_HOME",
            "XDG_CACHE_HOME", "HOME", "CREDENTIALS_DIRECTORY", "NUCLEUS_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_HEADERS", "NOTIFY_SOCKET");

    private SystemdRunCommand() {
    }

    public static String unitName(String id) {
        return "nucleus-" + id.substring(0, 12);
    }

    /**
     * @param systemdRun the trusted systemd-run binary
     * @param supervise  the supervisor command ({@code [.../bin/nucleus, supervise]})
     * @param user       a per-user unit (the caller is not root)
     * @param present    names of {@link #PASSED_ENVIRONMENT} set in the caller's environment
     */
    public static List<String> argv(Path systemdRun, String id, boolean user, List<String> supervise,
                                    Path launchFile, List<String> present) {
        List<String> argv = new ArrayList<>();
        argv.add(systemdRun.toString());
        if (user) {
            argv.add("--user");
        }
        argv.add("--unit=" + unitName(id));
        argv.add("--collect");
        argv.add("--quiet");
        argv.add("--same-dir");
        argv.add("-p");
        argv.add("KillMode=mixed");
        argv.add("-p");
        argv.add("TimeoutStopSec=30");
        argv.add("--description=Nucleus container " + id);
        for (String name : PASSED_ENVIRONMENT) {
            if (present.contains(name)) {
                argv.add("--setenv=" + name);
            }
        }
        argv.add("--");
        argv.addAll(supervise);
        argv.add("--journal");
        argv.add(launchFile.toString());
        return argv;
    }
}
