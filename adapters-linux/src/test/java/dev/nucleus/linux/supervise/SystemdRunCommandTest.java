package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SystemdRunCommandTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final Path SYSTEMD_RUN = Path.of("/usr/bin/systemd-run");
    private static final List<String> SUPERVISE = List.of("/opt/nucleus/bin/nucleus", "supervise");
    private static final Path LAUNCH = Path.of("/run/nucleus/.launch/" + ID + ".json");

    @Test
    void unitNameIsTheShortId() {
        assertEquals("nucleus-0123456789ab", SystemdRunCommand.unitName(ID));
    }

    @Test
    void theCommandLineForRoot() {
        assertEquals(List.of("/usr/bin/systemd-run", "--unit=nucleus-0123456789ab", "--collect", "--quiet", "--same-dir",
                        "-p", "KillMode=mixed", "-p", "TimeoutStopSec=30",
                        "--description=Nucleus container 0123456789abcdef0123456789abcdef",
                        "--setenv=NUCLEUS_STATE_DIR", "--setenv=HOME", "--setenv=NOTIFY_SOCKET",
                        "--", "/opt/nucleus/bin/nucleus", "supervise", "--journal",
                        "/run/nucleus/.launch/0123456789abcdef0123456789abcdef.json"),
                SystemdRunCommand.argv(SYSTEMD_RUN, ID, false, SUPERVISE, LAUNCH,
                        List.of("NOTIFY_SOCKET", "HOME", "NUCLEUS_STATE_DIR")));
    }

    @Test
    void theCommandLineForAnotherUserRunsAUserUnit() {
        Path launch = Path.of("/run/user/1000/nucleus/.launch/" + ID + ".json");
        assertEquals(List.of("/bin/systemd-run", "--user", "--unit=nucleus-0123456789ab", "--collect", "--quiet",
                        "--same-dir", "-p", "KillMode=mixed", "-p", "TimeoutStopSec=30",
                        "--description=Nucleus container 0123456789abcdef0123456789abcdef",
                        "--setenv=XDG_RUNTIME_DIR", "--setenv=HOME", "--setenv=OTEL_EXPORTER_OTLP_HEADERS",
                        "--", "/opt/nucleus/bin/nucleus", "supervise", "--journal",
                        "/run/user/1000/nucleus/.launch/0123456789abcdef0123456789abcdef.json"),
                SystemdRunCommand.argv(Path.of("/bin/systemd-run"), ID, true, SUPERVISE, launch,
                        List.of("OTEL_EXPORTER_OTLP_HEADERS", "HOME", "XDG_RUNTIME_DIR")));
    }

    @Test
    void withNothingToPassThereIsNoSetenv() {
        assertEquals(List.of("/usr/bin/systemd-run", "--unit=nucleus-0123456789ab", "--collect", "--quiet", "--same-dir",
                        "-p", "KillMode=mixed", "-p", "TimeoutStopSec=30",
                        "--description=Nucleus container 0123456789abcdef0123456789abcdef",
                        "--", "/opt/nucleus/bin/nucleus", "supervise", "--journal", LAUNCH.toString()),
                SystemdRunCommand.argv(SYSTEMD_RUN, ID, false, SUPERVISE, LAUNCH, List.of()));
    }

    @Test
    void everyPassedNameInItsOwnOrderAndNothingElse() {
        List<String> present = new ArrayList<>(SystemdRunCommand.PASSED_ENVIRONMENT.reversed());
        present.add("LD_PRELOAD");
        present.add("AWS_SECRET_ACCESS_KEY");
        present.add("PATH");
        List<String> argv = SystemdRunCommand.argv(SYSTEMD_RUN, ID, false, SUPERVISE, LAUNCH, present);
        List<String> setenv = argv.stream().filter(a -> a.startsWith("--setenv")).toList();
        assertEquals(SystemdRunCommand.PASSED_ENVIRONMENT.stream().map(n -> "--setenv=" + n).toList(), setenv);
        assertEquals(List.of("NUCLEUS_STATE_DIR", "XDG_RUNTIME_DIR", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME",
                "CREDENTIALS_DIRECTORY", "NUCLEUS_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT",
                "OTEL_EXPORTER_OTLP_HEADERS", "NOTIFY_SOCKET"), SystemdRunCommand.PASSED_ENVIRONMENT);
        assertEquals("--", argv.get(argv.indexOf("--setenv=NOTIFY_SOCKET") + 1), "options end before the command");
    }

    @Test
    void noEnvironmentValueIsEverOnTheCommandLine() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HOME", "/home/secret-home-7f3a");
        environment.put("NUCLEUS_STATE_DIR", "/srv/state-secret-91bc");
        environment.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer sk-live-0a1b2c3d");
        environment.put("CREDENTIALS_DIRECTORY", "/run/credentials/secret-unit");
        environment.put("API_TOKEN", "tok-5e6f7a8b");
        // what SystemdSupervisor passes: the names of the passed variables that are set
        List<String> present = SystemdRunCommand.PASSED_ENVIRONMENT.stream().filter(environment::containsKey).toList();
        for (boolean user : new boolean[] {false, true}) {
            List<String> argv = SystemdRunCommand.argv(SYSTEMD_RUN, ID, user, SUPERVISE, LAUNCH, present);
            String line = String.join(" ", argv);
            for (String value : environment.values()) {
                assertFalse(line.contains(value), value + " is on the command line: " + line);
            }
            for (String part : List.of("secret", "sk-live", "Bearer", "tok-", "API_TOKEN")) {
                assertFalse(line.contains(part), part + " is on the command line: " + line);
            }
            assertEquals(List.of("--setenv=NUCLEUS_STATE_DIR", "--setenv=HOME", "--setenv=CREDENTIALS_DIRECTORY",
                    "--setenv=OTEL_EXPORTER_OTLP_HEADERS"), argv.stream().filter(a -> a.startsWith("--setenv")).toList());
            assertFalse(argv.stream().anyMatch(a -> a.contains("=") && a.startsWith("--setenv") && a.indexOf('=') != a.lastIndexOf('=')),
                    "--setenv=NAME only, never NAME=VALUE");
        }
    }
}
