package dev.nucleus.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.host.Availability;
import dev.nucleus.domain.host.CgroupLayout;
import dev.nucleus.domain.host.CgroupSupport;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.LandlockSupport;
import dev.nucleus.domain.host.SeccompSupport;
import dev.nucleus.linux.probe.LinuxHostProbe;
import dev.nucleus.ports.in.HostReport;
import dev.nucleus.ports.service.HostInspection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DoctorCommandTest {
    private record Run(int exit, String out) {
    }

    private static Run run(DoctorCommand command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    /** A host with nothing: every mode not ready, with every reason. */
    private static DoctorCommand bareHost() {
        HostCapabilities bare = new HostCapabilities(LandlockSupport.unavailable("ENOSYS: kernel built without CONFIG_SECURITY_LANDLOCK"),
                SeccompSupport.unavailable("seccomp(SECCOMP_GET_ACTION_AVAIL): ENOSYS"),
                Availability.no("clone(CLONE_NEWUSER): EPERM"), Availability.no("unshare(CLONE_NEWTIME): EINVAL"),
                new CgroupSupport(CgroupLayout.NONE, List.of(), List.of()), true, false, Optional.empty());
        return new DoctorCommand(new HostInspection(() -> bare));
    }

    @Tag("root")
    @Test
    void jsonOnThisHostMatchesTheInspectionModel() {
        Run run = run(new DoctorCommand(), "--json");
        assertEquals(0, run.exit());
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        HostReport expected = new HostInspection(new LinuxHostProbe()).inspect();

        assertEquals(expected.capabilities().landlock().abi(), json.get("landlock").get("abi").asInt());
        assertTrue(json.get("landlock").get("abi").asInt() >= 1);
        assertTrue(json.get("landlock").get("reason").isNull());
        assertTrue(json.get("seccomp").get("filters_available").asBoolean());
        List<String> actions = new ArrayList<>();
        json.get("seccomp").get("actions").forEach(a -> actions.add(a.asString()));
        assertTrue(actions.containsAll(List.of("user_notif", "log", "allow")), actions.toString());
        assertTrue(json.get("user_namespaces").get("available").asBoolean());
        assertTrue(json.get("time_namespaces").get("available").asBoolean());
        assertEquals(expected.capabilities().cgroups().layout().name().toLowerCase(), json.get("cgroups").get("layout").asString());
        List<String> v1 = new ArrayList<>();
        json.get("cgroups").get("v1_controllers").forEach(c -> v1.add(c.asString()));
        assertEquals(expected.capabilities().cgroups().v1Controllers(), v1);
        assertTrue(json.get("root").asBoolean());
        assertEquals(expected.capabilities().systemdPid1(), json.get("systemd_pid1").asBoolean());

        JsonNode modes = json.get("modes");
        assertEquals(3, modes.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(expected.modes().get(i).mode().cliName(), modes.get(i).get("mode").asString());
            assertEquals(expected.modes().get(i).ready(), modes.get(i).get("ready").asBoolean());
            assertEquals(expected.modes().get(i).reasons().size(), modes.get(i).get("reasons").size());
        }
        assertTrue(modes.get(0).get("ready").asBoolean(), "agent needs seccomp + Landlock, both present here");
    }

    @Tag("root")
    @Test
    void tableOnThisHostIsAlignedAndListsEveryMode() {
        Run run = run(new DoctorCommand());
        assertEquals(0, run.exit());
        List<String> hostRows = run.out().lines().takeWhile(l -> !l.isEmpty()).skip(1).toList();
        assertEquals(11, hostRows.size(), run.out());
        int column = hostRows.getFirst().indexOf("  ", 2) + 2;
        while (hostRows.getFirst().charAt(column) == ' ') {
            column++;
        }
        for (String row : hostRows) {
            assertTrue(row.charAt(column - 1) == ' ' && row.charAt(column) != ' ', "misaligned: " + row);
        }
        assertTrue(run.out().contains(DoctorTable.MODES_HEADING));
        for (String mode : List.of("agent", "strict-agent", "production")) {
            assertTrue(run.out().lines().anyMatch(l -> l.matches("  " + mode + " +(ready|not ready)")), mode + " in\n" + run.out());
        }
    }

    @Test
    void notReadyModesListEveryReasonAndTheDegradedFallback() {
        Run run = run(bareHost());
        assertEquals(0, run.exit(), "doctor reports, it does not fail");
        String out = run.out();
        assertTrue(out.contains("  agent         not ready\n    - seccomp filters are not available"), out);
        assertTrue(out.contains("    note: agent mode can still run with --allow-degraded-security"), out);
        assertTrue(out.contains("    - user namespaces cannot be created (clone(CLONE_NEWUSER): EPERM)"), out);
        assertTrue(out.contains("    - cgroup controller 'cpu' is not usable"), out);
        assertTrue(out.contains("0 (unavailable: ENOSYS: kernel built without CONFIG_SECURITY_LANDLOCK)"), out);
        assertTrue(out.contains("Cgroup v1 controllers  (none)"), out);

        JsonNode json = JsonMapper.builder().build().readTree(run(bareHost(), "--json").out());
        assertEquals(5, json.get("modes").get(1).get("reasons").size(), "strict-agent: seccomp, landlock, userns, memory, pids");
        assertEquals(5, json.get("modes").get(2).get("reasons").size(), "production: seccomp, landlock, memory, cpu, pids");
        assertTrue(json.get("modes").get(0).get("fallback").asString().contains("--allow-degraded-security"));
        assertTrue(json.get("modes").get(1).get("fallback").isNull());
        assertEquals("EPERM", json.get("user_namespaces").get("reason").asString().replaceAll(".*: ", ""));
        assertTrue(json.get("runsc").isNull());
    }

    @Test
    void helpIsAvailable() {
        Run run = run(new DoctorCommand(), "--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("--json"), run.out());
    }
}
