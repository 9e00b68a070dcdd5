package dev.nucleus.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallCount;
import dev.nucleus.domain.seccomp.SyscallRule;
import dev.nucleus.domain.seccomp.TraceProfiles;
import dev.nucleus.linux.seccomp.OciSeccompProfiles.KernelVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trace log format, the generated profile and its OCI JSON, read back by the profile loader. */
class TraceRoundTripTest {

    @Test
    void theLogNamesEachNumberInOrder(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("trace.ndjson");
        SyscallTraceLog.write(log, Map.of(59, 1L, 0, 12L, 231, 5_000_000_000L));
        assertEquals(List.of("{\"syscall\":0,\"name\":\"read\",\"count\":12}",
                "{\"syscall\":59,\"name\":\"execve\",\"count\":1}",
                "{\"syscall\":231,\"name\":\"exit_group\",\"count\":5000000000}"), Files.readAllLines(log));
        assertEquals(List.of(new SyscallCount(0, Optional.of("read"), 12), new SyscallCount(59, Optional.of("execve"), 1),
                new SyscallCount(231, Optional.of("exit_group"), 5_000_000_000L)), SyscallTraceLog.read(log));
    }

    @Test
    void aNumberWithoutANameIsWrittenAsNullAndResolvedWhenRead(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("t");
        SyscallTraceLog.write(log, Map.of(999, 2L));
        assertEquals("{\"syscall\":999,\"name\":null,\"count\":2}", Files.readString(log).strip());
        SyscallTraceLog.Malformed e = assertThrows(SyscallTraceLog.Malformed.class,
                () -> SyscallTraceLog.names(log, SyscallTraceLog.read(log)));
        assertTrue(e.getMessage().contains("syscall 999 has no name"), e.getMessage());
        Files.writeString(log, "{\"syscall\":1,\"count\":3}\n");
        assertEquals(List.of("write"), SyscallTraceLog.names(log, SyscallTraceLog.read(log)));
    }

    @Test
    void theLogIsNeverWrittenThroughASymlink(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThrows(IOException.class, () -> SyscallTraceLog.write(link, Map.of(0, 1L)));
        assertEquals("keep", Files.readString(target));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"syscall\":0,\"count\":1}\\nnot json|:2: not JSON",
        "[1,2]|:1: expected an object",
        "{\"syscall\":-1,\"count\":1}|:1: \"syscall\" must be a syscall number",
        "{\"syscall\":\"read\",\"count\":1}|:1: \"syscall\" must be a syscall number",
        "{\"syscall\":0,\"count\":0}|:1: \"count\" must be an integer >= 1",
        "{\"syscall\":0}|:1: \"count\" must be an integer >= 1",
        "{\"syscall\":0,\"count\":1,\"name\":\"READ; rm\"}|:1: \"name\" must be a syscall name",
        "{\"syscall\":0,\"count\":1,\"nmae\":\"read\"}|:1: unknown field 'nmae'",
        "'   '|: no syscalls recorded",
        "{\"syscall\":1,\"count\":1,\"name\":\"read\"}|:1: syscall 1 is \"write\" on x86_64, not \"read\"",
        "{\"syscall\":0,\"count\":1}\\n{\"syscall\":99999,\"count\":1,\"name\":\"nope\"}|:2: syscall 99999 has no name on x86_64",
    })
    void aMalformedLogIsRefusedNamingFileLineAndRule(String content, String expected, @TempDir Path dir)
            throws IOException {
        Path log = dir.resolve("bad.ndjson");
        Files.writeString(log, content.replace("\\n", "\n"), StandardCharsets.UTF_8);
        SyscallTraceLog.Malformed e = assertThrows(SyscallTraceLog.Malformed.class, () -> SyscallTraceLog.read(log));
        assertTrue(e.getMessage().startsWith(log.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should contain " + expected);
    }

    @Test
    void aMissingLogIsRefused(@TempDir Path dir) {
        assertThrows(SyscallTraceLog.Malformed.class, () -> SyscallTraceLog.read(dir.resolve("absent")));
    }

    @Test
    void theGeneratedProfileAllowsExactlyTheTracedCallsAndKillsTheRest() throws Exception {
        SeccompProfile generated = TraceProfiles.generated(List.of("write", "read", "clone", "write", "clone3",
                "exit_group"));
        assertEquals(SeccompAction.KILL_PROCESS, generated.defaultAction());
        assertEquals(List.of(SyscallRule.of("clone", SeccompAction.ALLOW,
                        ArgCondition.maskedEq(0, DefaultSeccompProfile.CLONE_NEW_ALL, 0)),
                SyscallRule.of("exit_group", SeccompAction.ALLOW), SyscallRule.of("read", SeccompAction.ALLOW),
                SyscallRule.of("write", SeccompAction.ALLOW)), generated.rules());

        String json = OciProfileWriter.toJson(generated);
        SeccompProfile loaded = OciSeccompProfiles.parse("generated.json", json.getBytes(StandardCharsets.UTF_8),
                Set.of(), new KernelVersion(6, 18));
        assertEquals(SeccompAction.KILL_PROCESS, loaded.defaultAction());
        assertEquals(generated.architectures(), loaded.architectures());
        // The loader adds its own clone3 → ENOSYS; everything else is what was written.
        assertEquals(generated.rules(), loaded.rules().stream().filter(r -> !r.name().equals("clone3")).toList());
        assertTrue(json.contains("\"value\" : 2114060416"), json); // the namespace mask, unsigned decimal
    }

    @Test
    void theWriterKeepsActionsDataAndUnsignedArguments() throws Exception {
        SeccompProfile p = new SeccompProfile(SeccompAction.errno(1), List.of(
                dev.nucleus.domain.seccomp.SeccompArchitecture.X86_64), List.of(
                SyscallRule.of("read", SeccompAction.ALLOW), SyscallRule.of("write", SeccompAction.ALLOW),
                SyscallRule.of("fcntl", SeccompAction.errno(25), ArgCondition.maskedEq(1, -1L, 0x5412)),
                SyscallRule.of("kill", SeccompAction.trace(7)), SyscallRule.of("uname", SeccompAction.LOG)));
        String json = OciProfileWriter.toJson(p);
        assertTrue(json.contains("\"names\" : [ \"read\", \"write\" ]"), json);
        SeccompProfile back = OciSeccompProfiles.parse("p.json", json.getBytes(StandardCharsets.UTF_8), Set.of(),
                new KernelVersion(6, 18));
        assertEquals(p.defaultAction(), back.defaultAction());
        assertEquals(p.rules(), back.rules().stream().filter(r -> !r.name().equals("clone3")).toList());
    }

    @Test
    void theTraceFilterReportsEverythingButClone3() {
        SeccompProfile trace = TraceProfiles.traceFilter();
        assertEquals(SeccompAction.NOTIFY, trace.defaultAction());
        assertEquals(List.of(SyscallRule.of("clone3", SeccompAction.errno(38))), trace.rules());
        byte[] bpf = SeccompCompiler.shared().bpf(trace);
        assertTrue(bpf.length > 0 && bpf.length % 8 == 0);
    }
}
