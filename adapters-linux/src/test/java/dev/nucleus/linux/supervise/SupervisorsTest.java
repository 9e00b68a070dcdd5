package dev.nucleus.linux.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.nucleus.linux.state.FileStateStore;
import dev.nucleus.ports.out.ServiceSupervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorsTest {
    private static final List<String> SUPERVISE = List.of("/opt/nucleus/bin/nucleus", "supervise");

    @TempDir
    Path tmp;
    Path booted;
    Path state;
    FileStateStore store;

    @BeforeEach
    void setUp() {
        booted = tmp.resolve("run-systemd-system");
        state = tmp.resolve("state");
        store = new FileStateStore(state);
    }

    private Path executable(String name) throws IOException {
        Path p = Files.writeString(tmp.resolve(name), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private ServiceSupervisor choose(List<Path> candidates, long uid) {
        return Supervisors.choose(booted, candidates, state, store, SUPERVISE, Map.of("HOME", "/root"), uid);
    }

    @Test
    void systemdWhenItRunsTheMachineAndSystemdRunIsThere() throws IOException {
        Files.createDirectory(booted);
        Path run = executable("systemd-run");
        ServiceSupervisor s = choose(List.of(tmp.resolve("missing/systemd-run"), run), 0);
        assertInstanceOf(SystemdSupervisor.class, s);
        assertEquals("systemd", s.kind());
        assertEquals("systemd", choose(List.of(run), 1000).kind(), "for another user too (a user unit)");
    }

    @Test
    void builtinWithoutTheBootedMarker() throws IOException {
        Path run = executable("systemd-run");
        ServiceSupervisor s = choose(List.of(run), 0);
        assertInstanceOf(BuiltinSupervisor.class, s);
        assertEquals("builtin", s.kind());
    }

    @Test
    void builtinWhenTheMarkerIsAFileNotADirectory() throws IOException {
        Files.writeString(booted, "");
        assertEquals("builtin", choose(List.of(executable("systemd-run")), 0).kind());
    }

    @Test
    void builtinWhenNoCandidateIsThere() throws IOException {
        Files.createDirectory(booted);
        assertEquals("builtin", choose(List.of(tmp.resolve("a/systemd-run"), tmp.resolve("b/systemd-run")), 0).kind());
        assertEquals("builtin", choose(List.of(), 0).kind());
    }

    @Test
    void builtinWhenTheCandidateIsNotExecutable() throws IOException {
        Files.createDirectory(booted);
        Path plain = Files.writeString(tmp.resolve("systemd-run"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("builtin", choose(List.of(plain), 0).kind(), "no x bit: not even root may run it");
    }

    @Test
    void thisHostDecidesByItsOwnMarkerAndTrustedPaths() {
        boolean systemd = Files.isDirectory(Supervisors.SYSTEMD_BOOTED)
                && Supervisors.TRUSTED.stream().anyMatch(Files::isExecutable);
        ServiceSupervisor s = Supervisors.forHost(state, store, SUPERVISE, Map.of(), 0);
        assertEquals(systemd ? "systemd" : "builtin", s.kind());
        assertEquals(List.of(Path.of("/usr/bin/systemd-run"), Path.of("/bin/systemd-run")), Supervisors.TRUSTED);
        assertEquals(Path.of("/run/systemd/system"), Supervisors.SYSTEMD_BOOTED);
    }
}
