package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerState;
import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.ServiceSupervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SystemdSupervisor against a stand-in systemd-run: a real program that records how it was run. */
class SystemdSupervisorTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final List<String> SUPERVISE = List.of("/opt/nucleus/bin/nucleus", "supervise");
    private static final byte[] DOCUMENT = "{\"secret_env\":[{\"key\":\"K\",\"value\":\"doc-secret-42\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;
    Path state;
    Path record;
    FileStateStore store;
    Map<String, String> environment;

    @BeforeEach
    void setUp() throws IOException {
        state = tmp.resolve("state");
        record = Files.createDirectory(tmp.resolve("record"));
        store = new FileStateStore(state);
        environment = new LinkedHashMap<>();
        environment.put("HOME", "/home/env-secret-home");
        environment.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer env-secret-token");
        environment.put("API_KEY", "env-secret-api-key");
    }

    /** A systemd-run stand-in that records its argv, what it found at the launch file, and exits {@code status}. */
    private Path fakeSystemdRun(String name, int status) throws IOException {
        Path rec = record.resolve(name);
        Files.createDirectory(rec);
        Path p = Files.writeString(tmp.resolve(name), """
                #!/bin/sh
                printf '%%s\\n' "$0" "$@" > '%1$s/args'
                for last; do :; done
                stat -c '%%a %%u' "$last" > '%1$s/mode'
                stat -c '%%a' "$(dirname "$last")" > '%1$s/dirmode'
                cat "$last" > '%1$s/doc'
                echo "Failed to start transient service unit: boom" >&2
                exit %2$d
                """.formatted(rec, status));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private List<String> recordedArgs(String name) throws IOException {
        return Files.readAllLines(record.resolve(name).resolve("args"));
    }

    private String recorded(String name, String what) throws IOException {
        return Files.readString(record.resolve(name).resolve(what)).strip();
    }

    private Path launchFile() {
        return state.resolve(".launch").resolve(ID + ".json");
    }

    @Test
    void aFailedSystemdRunIsAFailedLaunchAndItsDocumentIsGone() throws IOException {
        Path run = fakeSystemdRun("systemd-run", 1);
        SystemdSupervisor s = new SystemdSupervisor(run, state, store, SUPERVISE, environment, false);
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> s.start(ID, DOCUMENT));
        assertEquals("systemd-run failed: Failed to start transient service unit: boom", e.getMessage());
        assertFalse(Files.exists(launchFile()), "the document nobody will take is deleted");

        assertEquals(List.of(run.toString(), "--unit=nucleus-0123456789ab", "--collect", "--quiet", "--same-dir",
                "-p", "KillMode=mixed", "-p", "TimeoutStopSec=30", "--description=Nucleus container " + ID,
                "--setenv=HOME", "--setenv=OTEL_EXPORTER_OTLP_HEADERS", "--",
                "/opt/nucleus/bin/nucleus", "supervise", "--journal", launchFile().toString()), recordedArgs("systemd-run"));
        String args = String.join(" ", recordedArgs("systemd-run"));
        assertFalse(args.contains("secret"), "no value, of the environment or the document, is in argv: " + args);
        assertFalse(args.contains("API_KEY"));

        assertEquals("600 0", recorded("systemd-run", "mode"), "systemd-run found a 0600 file of root's");
        assertEquals("700", recorded("systemd-run", "dirmode"));
        assertEquals(new String(DOCUMENT, StandardCharsets.UTF_8), recorded("systemd-run", "doc"));
    }

    @Test
    @Timeout(60)
    void aUserUnitWhoseContainerFailedReportsItWithTheJournalToRead() throws Exception {
        ContainerFacts facts = new ContainerFacts(ID, "web", 1000, 1, List.of("/bin/true"), "agent", "native",
                "/rootfs", false, Map.of());
        store.create(ContainerState.creating(facts).failed("the rootfs is missing"));
        Path run = fakeSystemdRun("systemd-run", 0);
        ServiceSupervisor.Outcome outcome = new SystemdSupervisor(run, state, store, SUPERVISE, environment, true)
                .start(ID, DOCUMENT);
        assertEquals(new ServiceSupervisor.Outcome(125,
                "nucleus: the rootfs is missing (see journalctl --user -u nucleus-0123456789ab)\n"), outcome);
        assertEquals("--user", recordedArgs("systemd-run").get(1));
        assertTrue(Files.exists(launchFile()), "the unit's supervisor takes (and deletes) the document, not this");
    }

    @Test
    void aSecondStartOfTheSameIdDoesNotOverwriteItsDocument() throws IOException {
        Path run = fakeSystemdRun("systemd-run", 1);
        Files.createDirectories(launchFile().getParent());
        Files.writeString(launchFile(), "earlier");
        SystemdSupervisor s = new SystemdSupervisor(run, state, store, SUPERVISE, environment, false);
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> s.start(ID, DOCUMENT));
        assertTrue(e.getMessage().startsWith("cannot hand the launch to systemd: "), e.getMessage());
        assertEquals("earlier", Files.readString(launchFile()));
        assertFalse(Files.exists(record.resolve("systemd-run").resolve("args")), "systemd-run was not run");
    }

    @Test
    void theFirstExecutableCandidateIsTheOneRun() throws IOException {
        Path booted = Files.createDirectory(tmp.resolve("booted"));
        Path first = fakeSystemdRun("first", 1);
        Path second = fakeSystemdRun("second", 1);
        ServiceSupervisor s = Supervisors.choose(booted, List.of(tmp.resolve("none"), first, second), state, store,
                SUPERVISE, environment, 0);
        assertThrows(LaunchFailedException.class, () -> s.start(ID, DOCUMENT));
        assertEquals(first.toString(), recordedArgs("first").getFirst());
        assertFalse(Files.exists(record.resolve("second").resolve("args")));
    }
}
