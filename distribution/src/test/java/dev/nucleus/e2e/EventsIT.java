package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The events stream (--events-jsonl, --events-fd): the achieved security status and attributed seccomp denials. */
@Tag("root")
class EventsIT {
    static final JsonMapper JSON = JsonMapper.builder().build();

    static List<JsonNode> events(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asString()).toList();
    }

    static int kernelLandlockAbi() {
        Nucleus.Result doctor = Nucleus.run("doctor", "--json");
        return JSON.readTree(doctor.out()).get("landlock").get("abi").asInt();
    }

    @Test
    void startedCarriesTheAchievedSecurityAndTheSummaryTheExitCode(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.jsonl");
        Nucleus.Result r = Nucleus.run("--events-jsonl", file.toString(), "run", "--", "/bin/sh", "-c", "exit 3");
        assertEquals(3, r.exit(), r.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<JsonNode> events = events(file);
        assertEquals(List.of("container_started", "container_summary"), types(events), events.toString());
        JsonNode started = events.getFirst();
        assertTrue(started.get("timestamp_unix_ms").asLong() > 1_700_000_000_000L, started.toString());
        assertEquals("agent", started.get("container").get("mode").asString());
        assertTrue(started.get("container").get("pid").asLong() > 1, started.toString());
        JsonNode security = started.get("security");
        assertEquals("enforce", security.get("seccomp").get("mode").asString());
        assertEquals("default", security.get("seccomp").get("source").asString());
        assertTrue(security.get("seccomp").get("instructions").asInt() > 100, security.toString());
        JsonNode landlock = security.get("landlock");
        int abi = kernelLandlockAbi();
        assertEquals(abi, landlock.get("abi").asInt(), "the ABI the rules were applied at is the kernel's");
        List<String> handled = new ArrayList<>();
        landlock.get("handled_fs").forEach(n -> handled.add(n.asString()));
        assertTrue(handled.containsAll(List.of("execute", "write_file", "read_file", "truncate")), handled.toString());
        assertEquals(abi >= 5, handled.contains("ioctl_dev"), handled.toString());
        assertTrue(landlock.get("fs_rules").asInt() > 5, landlock.toString());
        assertEquals(abi >= 6 ? "[\"abstract_unix_socket\",\"signal\"]" : "[]", landlock.get("scopes").toString());
        assertEquals("[]", security.get("capabilities").get("effective").toString());
        assertTrue(security.get("audit_session").asLong() > 0, "a fresh audit session: " + security);
        JsonNode summary = events.getLast();
        assertEquals(3, summary.get("exit_status").get("code").asInt());
        assertEquals(started.get("container").get("id"), summary.get("container").get("id"));
    }

    @Test
    void theLimitsAndTheCgroupAreReportedAndALaunchThatNeverRanStillEnds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.jsonl");
        Nucleus.Result r = Nucleus.run("--events-jsonl", file.toString(), "run", "--memory", "32M", "--cpus", "0.5",
                "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        List<JsonNode> events = events(file);
        JsonNode started = events.getFirst();
        String id = started.get("container").get("id").asString();
        assertTrue(started.get("container").get("cgroup_path").asString().endsWith("nucleus/" + id), started.toString());
        for (JsonNode e : List.of(started, events.getLast())) {
            JsonNode limits = e.get("resource_limits");
            assertEquals(32L << 20, limits.get("memory_bytes").asLong(), e.toString());
            assertEquals(50_000, limits.get("cpu_quota_us").asLong(), e.toString());
            assertEquals(512, limits.get("pids_max").asLong(), "the default pids limit: " + e);
        }
        Path failed = dir.resolve("failed.jsonl");
        Nucleus.Result missing = Nucleus.run("--events-jsonl", failed.toString(), "run", "--name", "gone", "--",
                "/no/such/program");
        assertEquals(127, missing.exit(), missing.toString());
        List<JsonNode> end = events(failed);
        assertEquals(List.of("container_failed"), types(end), end.toString());
        assertEquals("gone", end.getFirst().get("container").get("name").asString());
        assertEquals(127, end.getFirst().get("exit_status").get("code").asInt());
        assertTrue(end.getFirst().get("exit_status").get("error").asString().contains("/no/such/program"), end.toString());

        // Refused by the rules, before anything was made: the stream hears of it all the same.
        Path refused = dir.resolve("refused.jsonl");
        Nucleus.Result noAllow = Nucleus.run("--events-jsonl", refused.toString(), "run", "--name", "net",
                "--network", "host", "--", "/bin/true");
        assertEquals(2, noAllow.exit(), noAllow.toString());
        List<JsonNode> refusal = events(refused);
        assertEquals(List.of("container_failed"), types(refusal), refusal.toString());
        assertEquals("net", refusal.getFirst().get("container").get("name").asString());
        assertEquals(2, refusal.getFirst().get("exit_status").get("code").asInt());
        assertTrue(refusal.getFirst().get("exit_status").get("error").asString().contains("allow-host-network"),
                refusal.toString());
    }

    @Test
    void aPolicyFileShowsInTheStatusAndEventsGoToAnInheritedFd(@TempDir Path dir) throws IOException {
        Path policy = Files.writeString(dir.resolve("net.toml"), "scopes = [\"signal\"]\n[[rules]]\npath = \"/\"\n"
                + "access = [\"read\", \"readdir\", \"execute\"]\n[net]\nconnect_tcp = [443]\n");
        Path file = dir.resolve("fd.jsonl");
        Nucleus.Result r = Nucleus.shell("$NUCLEUS --events-fd 7 run --landlock-policy " + policy + " -- /bin/true 7>"
                + file);
        assertEquals(0, r.exit(), r.toString());
        JsonNode landlock = events(file).getFirst().get("security").get("landlock");
        assertEquals(1, landlock.get("fs_rules").asInt(), landlock.toString());
        assertEquals("[443]", landlock.get("connect_tcp").toString());
        assertEquals("[]", landlock.get("bind_tcp").toString(), "bind handled, no port allowed");
        assertEquals("[\"signal\"]", landlock.get("scopes").toString());
    }

    @Test
    void strictAgentReportsItsUserNamespace(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("strict.jsonl");
        Nucleus.Result r = Nucleus.run("--events-jsonl", file.toString(), "run", "--service-mode", "strict-agent",
                "--trust-level", "trusted", "--memory", "256M", "--", "/bin/true");
        assertEquals(0, r.exit(), r.toString());
        JsonNode started = events(file).getFirst();
        assertEquals("strict-agent", started.get("container").get("mode").asString());
        assertTrue(started.get("security").get("user_namespace").asBoolean(), started.toString());
    }

    /**
     * Denials are attributed by the container's audit session: container A's stream holds its own
     * denials (a killed unshare and ERRNO sysinfo calls), none of container B's, which makes denied
     * calls in a loop while A runs. Without an audit daemon the kernel prints these records under
     * printk's rate limit (10 per 5 s): the test first lets the budget refill (earlier tests kill
     * syscalls too) and then stays under it (B: two killed sysfs and python's own sysinfo; A: 3).
     */
    @Test
    void seccompDenialsAreReportedForThisContainerOnly(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Thread.sleep(5500);
        CompletableFuture<Nucleus.Result> noisy = CompletableFuture.supplyAsync(() -> Nucleus.run("--events-jsonl",
                b.toString(), "run", "--seccomp-log-denied", "--", "/bin/sh", "-c",
                "for i in 1 2; do python3 -c 'import ctypes; ctypes.CDLL(None).syscall(139)'; sleep 0.3; done"));
        Thread.sleep(300);
        Nucleus.Result r = Nucleus.run("--events-jsonl", a.toString(), "run", "--seccomp-log-denied", "--",
                "/bin/sh", "-c", "unshare -U true; python3 -c 'import ctypes; print(ctypes.CDLL(None).syscall(99, 0))';"
                        + " sleep 0.5");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("nucleus: seccomp denied kill_process: unshare by pid"), r.err());
        assertEquals(0, noisy.get().exit(), noisy.get().toString());

        List<JsonNode> events = events(a);
        List<JsonNode> denials = events.stream().filter(e -> e.get("type").asString().equals("seccomp_denied")).toList();
        List<String> names = denials.stream().map(d -> d.get("denial").get("name").asString()).toList();
        assertTrue(names.contains("unshare") && names.contains("sysinfo"), names.toString());
        assertFalse(names.contains("sysfs"), "container B's denials (sysfs, 139) are not A's: " + names);
        // The watcher reports denials as they happen, so one may come before container_started.
        long session = events.stream().filter(e -> e.get("type").asString().equals("container_started")).findFirst()
                .orElseThrow().get("security").get("audit_session").asLong();
        denials.forEach(d -> assertEquals(session, d.get("denial").get("audit_session").asLong(), d.toString()));
        assertEquals(denials.size(), events.getLast().get("seccomp_denials").asInt(), events.getLast().toString());
        assertEquals("kill_process", denials.stream().filter(d -> d.get("denial").get("name").asString()
                .equals("unshare")).findFirst().orElseThrow().get("denial").get("action").asString());

        List<JsonNode> theirs = events(b).stream().filter(e -> e.get("type").asString().equals("seccomp_denied"))
                .toList();
        assertTrue(theirs.stream().anyMatch(d -> d.get("denial").get("name").asString().equals("sysfs")),
                theirs.toString());
        assertTrue(theirs.stream().noneMatch(d -> d.get("denial").get("audit_session").asLong() == session),
                "B's denials are in its own session: " + theirs);
        assertFalse(theirs.stream().anyMatch(d -> d.get("denial").get("comm").asString().equals("unshare")),
                "A's denials are not B's");
    }

    /**
     * A denial that is the container's last act (the process killed for it, the container gone a
     * moment later) is still reported: after the exit the log is read until the kernel's audit
     * thread has printed its queue, not for a fixed while.
     */
    @Test
    void aDenialRightBeforeTheExitIsReportedEveryTime() throws Exception {
        Thread.sleep(5500); // the kernel's printk rate limit (10 records in 5 s) starts afresh
        for (int i = 0; i < 6; i++) {
            Nucleus.Result r = Nucleus.run("run", "--seccomp-log-denied", "--", "unshare", "-U", "true");
            assertEquals(159, r.exit(), r.toString()); // 128 + SIGSYS
            assertTrue(r.err().contains("nucleus: seccomp denied kill_process: unshare by pid"), "run " + i + ": " + r);
        }
    }

    @Test
    void anEventsFileThatCannotBeOpenedIsABadRequest(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), target);
        Nucleus.Result r = Nucleus.run("--events-jsonl", link.toString(), "run", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--events-jsonl " + link), r.err());
        assertEquals("", Files.readString(target));
        // Nothing inherited: whatever the JVM itself holds at these numbers (its modules image on 3, its jars from 4,
        // a thread's transient file) is never written.
        for (String n : List.of("3", "4", "5", "6", "9", "40")) {
            Nucleus.Result fd = Nucleus.run("--events-fd", n, "run", "--", "/bin/true");
            assertEquals(2, fd.exit(), fd.toString());
            assertTrue(fd.err().contains("--events-fd " + n + ": no such open file descriptor (the caller must pass it,"
                    + " e.g. " + n + ">>events.jsonl)"), fd.err());
        }
        Nucleus.Result readOnly = Nucleus.shell("$NUCLEUS --events-fd 7 run -- /bin/true 7<" + target);
        assertEquals(2, readOnly.exit(), readOnly.toString());
        assertTrue(readOnly.err().contains("--events-fd 7: not an inherited file descriptor open for writing"),
                readOnly.err());
    }
}
