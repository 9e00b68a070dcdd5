package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hash-chained audit log of real launches, and {@code nucleus audit verify} against tampering. */
@Tag("root")
class AuditIT {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static Path rootfs;

    @BeforeAll
    static void busyboxRootfs() throws IOException {
        rootfs = Nucleus.tempDir("nucleus-audit-rootfs");
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        rootfs = NixStore.attestedRootfs(rootfs); // production runs a rootfs from the Nix store
    }

    static List<String> types(Path log, String id) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            JsonNode r = JSON.readTree(line);
            if (id == null || r.get("container_id").asString().equals(id)) {
                out.add(r.get("event_type").asString());
            }
        }
        return out;
    }

    @Test
    void everySecurityStepOfALaunchIsRecordedInOneChain(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("audit.jsonl");
        Nucleus.Result agent = Nucleus.run("--audit-log", log.toString(), "run", "--", "/bin/sh", "-c",
                "exit 0", "--token", "hunter2");
        assertEquals(0, agent.exit(), agent.toString());
        assertEquals(List.of("container_start", "namespace_created", "cgroup_created", "filesystem_mounted",
                "root_switched", "capabilities_dropped", "no_new_privs_set", "landlock_applied", "seccomp_applied",
                "container_stop"), types(log, null));
        String text = Files.readString(log);
        assertTrue(text.contains("--token ***"), "the command is redacted: " + text);
        assertFalse(text.contains("hunter2"), "no secret reaches the audit log");

        Nucleus.Result production = Nucleus.run("--audit-log", log.toString(), "run", "--service-mode", "production",
                "--trust-level", "trusted", "--memory", "64M", "--cpus", "1", "--verify-rootfs-attestation", "--rootfs",
                rootfs.toString(), "--", "/bin/sh", "-c", "exit 3");
        assertEquals(3, production.exit(), production.toString());
        List<String> all = types(log, null);
        List<String> second = all.subList(10, all.size());
        assertTrue(second.containsAll(List.of("mount_audit_passed", "init_supervisor_started")), second.toString());
        assertTrue(Files.readAllLines(log).getLast().contains("\"detail\":\"exit 3\""));

        Nucleus.Result verify = Nucleus.run("audit", "verify", log.toString());
        assertEquals(0, verify.exit(), verify.toString());
        assertTrue(verify.out().contains(all.size() + " records, chain intact"), verify.toString());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(log)));
    }

    @Test
    void verifyFindsAnEditedADeletedAndAnInsertedRecord(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("audit.jsonl");
        assertEquals(0, Nucleus.run("--audit-log", log.toString(), "run", "--", "/bin/true").exit());
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.size() >= 8, lines.toString());

        Path edited = Files.write(dir.resolve("edited.jsonl"), replace(lines, 3, lines.get(3).replace("false", "true")));
        Nucleus.Result e = Nucleus.run("audit", "verify", edited.toString());
        assertEquals(2, e.exit(), e.toString());
        assertTrue(e.err().contains("line 5: prev_sha256 does not match line 4"), e.err());

        List<String> shorter = new ArrayList<>(lines);
        shorter.remove(2);
        Nucleus.Result d = Nucleus.run("audit", "verify", Files.write(dir.resolve("deleted.jsonl"), shorter).toString());
        assertEquals(2, d.exit(), d.toString());
        assertTrue(d.err().contains("line 3: seq 4 follows 2 (1 record(s) deleted before it)"), d.err());

        List<String> longer = new ArrayList<>(lines);
        longer.add(4, lines.get(1));
        Nucleus.Result i = Nucleus.run("audit", "verify", Files.write(dir.resolve("inserted.jsonl"), longer).toString());
        assertEquals(2, i.exit(), i.toString());
        assertTrue(i.err().contains("line 5: seq 2 follows 4 (a record inserted or repeated)"), i.err());
    }

    /** The chain cannot see an edit of its last record; the head printed by an earlier verify can. */
    @Test
    void anEditedLastRecordIsFoundAgainstTheHeadAnEarlierVerifyPrinted(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("audit.jsonl");
        assertEquals(0, Nucleus.run("--audit-log", log.toString(), "run", "--", "/bin/true").exit());
        Nucleus.Result first = Nucleus.run("audit", "verify", log.toString());
        assertEquals(0, first.exit(), first.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("head seq (\\d+) sha256 ([0-9a-f]{64})")
                .matcher(first.out());
        assertTrue(m.find(), first.out());
        List<String> lines = Files.readAllLines(log);
        assertEquals(String.valueOf(lines.size()), m.group(1));
        String head = m.group(2);

        assertEquals(0, Nucleus.run("--audit-log", log.toString(), "run", "--", "/bin/true").exit());
        Nucleus.Result grown = Nucleus.run("audit", "verify", "--expect-head", head, log.toString());
        assertEquals(0, grown.exit(), grown.toString());
        assertTrue(grown.out().contains("(the expected head is in it)"), grown.out());

        Files.write(log, replace(lines, lines.size() - 1, lines.getLast().replace("\"is_error\":false", "\"is_error\":true ")));
        assertEquals(0, Nucleus.run("audit", "verify", log.toString()).exit(), "the chain alone cannot see it");
        Nucleus.Result edited = Nucleus.run("audit", "verify", "--expect-head", head, log.toString());
        assertEquals(2, edited.exit(), edited.toString());
        assertTrue(edited.err().contains("no record hashes to the expected head " + head), edited.err());

        Nucleus.Result bad = Nucleus.run("audit", "verify", "--expect-head", "abc", log.toString());
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--expect-head abc: not a SHA-256"), bad.err());
    }

    /**
     * Rotation is logrotate's: after a rename (create) or a truncation (copytruncate), the next
     * launch starts a new chain in the new file, and the rotated file and the new one each verify.
     */
    @Test
    void aRotatedLogAndTheNewOneEachVerify(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("audit.jsonl");
        assertEquals(0, Nucleus.run("--audit-log", log.toString(), "run", "--", "/bin/true").exit());
        Path rotated = Files.move(log, dir.resolve("audit.jsonl.1"));
        assertEquals(0, Nucleus.run("--audit-log", log.toString(), "run", "--", "/bin/true").exit());
        assertTrue(Files.readAllLines(log).getFirst().startsWith("{\"seq\":1,"), "a new chain");
        for (Path file : List.of(rotated, log)) {
            Nucleus.Result v = Nucleus.run("audit", "verify", file.toString());
            assertEquals(0, v.exit(), v.toString());
            assertTrue(v.out().contains("chain intact"), v.toString());
        }
        Files.write(log, new byte[0]); // copytruncate
        assertEquals(0, Nucleus.run("--audit-log", log.toString(), "run", "--", "/bin/true").exit());
        assertEquals(0, Nucleus.run("audit", "verify", log.toString()).exit());
    }

    @Test
    void anAuditLogThatCannotBeWrittenIsABadRequest(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("audit.jsonl"), target);
        Nucleus.Result r = Nucleus.run("--audit-log", link.toString(), "run", "--", "/bin/true");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--audit-log " + link + ": cannot append to it"), r.err());
        assertEquals("keep", Files.readString(target));
    }

    private static List<String> replace(List<String> lines, int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return copy;
    }
}
