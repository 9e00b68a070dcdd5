package dev.nucleus.linux.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** state.json: every lifecycle state written and read back to an equal record; what is not version 1 is refused. */
class StateJsonTest {
    static final String ID = "0123456789abcdef0123456789abcdef";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    static ContainerFacts facts(String id, long createdMillis, Map<String, String> annotations) {
        return new ContainerFacts(id, "web \"front\" ü", 1000, createdMillis,
                List.of("/bin/sh", "-c", "echo 'hi there' && sleep 1"), "strict", "native", "/var/lib/rootfs/alpine",
                false, annotations);
    }

    static ContainerFacts facts() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("dev.nucleus.mode", "strict");
        a.put("dev.nucleus.trust", "untrusted");
        a.put("dev.nucleus.policy.sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        return facts(ID, 1_717_171_717_123L, a);
    }

    /** What a strict container on this kernel gets: seccomp, Landlock ABI 6 with ports, dropped capabilities. */
    static SecurityStatus fullSecurity() {
        return new SecurityStatus(
                Optional.of(new SecurityStatus.Seccomp("enforce", "default", 412, true)),
                Optional.of(new SecurityStatus.Landlock(6, List.of("execute", "write_file", "read_file", "read_dir",
                        "remove_dir", "remove_file", "make_dir", "make_reg", "refer", "truncate", "ioctl_dev"), 7,
                        Optional.of(List.of()), Optional.of(List.of(80, 443)), List.of("abstract_unix_socket", "signal"))),
                new SecurityStatus.Capabilities(List.of(), List.of("CHOWN", "NET_BIND_SERVICE", "SETUID")),
                true, Optional.of(4294967294L));
    }

    /** A host-view container on a kernel without Landlock, no audit session. */
    static SecurityStatus sparseSecurity() {
        return new SecurityStatus(Optional.empty(), Optional.empty(),
                new SecurityStatus.Capabilities(List.of("CHOWN"), List.of("CHOWN", "KILL")), false, Optional.empty());
    }

    static CgroupPlacement hybridCgroup() {
        Map<String, String> dirs = new LinkedHashMap<>();
        dirs.put("memory", "/sys/fs/cgroup/memory/process_api/x/nucleus/" + ID);
        dirs.put("cpu", "/sys/fs/cgroup/cpu/nucleus/" + ID);
        dirs.put("cpuacct", "/sys/fs/cgroup/cpuacct/nucleus/" + ID);
        dirs.put("pids", "/sys/fs/cgroup/pids/nucleus/" + ID);
        dirs.put("blkio", "/sys/fs/cgroup/blkio/nucleus/" + ID);
        dirs.put("cgroup2", "/sys/fs/cgroup/unified/nucleus/" + ID);
        return new CgroupPlacement("/process_api/x/nucleus/" + ID, dirs);
    }

    static ContainerState.Running running() {
        return ContainerState.creating(facts()).created(new ContainerProcess(4242, 987654321L), hybridCgroup())
                .started(fullSecurity(), 1_717_171_718_000L);
    }

    private static ContainerState roundTrip(ContainerState s) {
        String json = StateJson.write(s);
        ContainerState back = StateJson.read(json);
        assertEquals(s, back, json);
        assertEquals(s.getClass(), back.getClass());
        // the same document (maps in the records are unordered, so key order may differ)
        assertEquals(MAPPER.readTree(json), MAPPER.readTree(StateJson.write(back)), "writing what was read");
        return back;
    }

    private static ObjectNode tree(ContainerState s) {
        return (ObjectNode) MAPPER.readTree(StateJson.write(s));
    }

    /** The light read of the top-level process agrees with the full parse, for every state. */
    @Test
    void headerProcessAgreesWithTheFullParse() {
        ContainerState.Running r = running();
        List<ContainerState> states = List.of(ContainerState.creating(facts()),
                ContainerState.creating(facts()).created(new ContainerProcess(7, 8), hybridCgroup()), r, r.stopping(),
                r.exited(new ContainerState.Exit(3, 1_717_171_719_000L, false)),
                ContainerState.creating(facts()).failed("no"));
        for (ContainerState s : states) {
            String json = StateJson.write(s);
            assertEquals(StateJson.read(json).process(), StateJson.headerProcess(json), json);
        }
        assertEquals(Optional.of(new ContainerProcess(4242, 987654321L)), StateJson.headerProcess(StateJson.write(r)));
    }

    /** Nested keys and string values that look like the top-level ones do not fool it. */
    @Test
    void headerProcessReadsOnlyTheTopLevel() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("pid", "1");
        a.put("pid_start_time", "2");
        a.put("x", "\n  \"pid\" : 99,\n  \"pid_start_time\" : 98,\n");
        ContainerState.Creating creating = ContainerState.creating(facts(ID, 5, a));
        assertEquals(Optional.empty(), StateJson.headerProcess(StateJson.write(creating)));
        ContainerState.Running r = creating.created(new ContainerProcess(4242, 987654321L), hybridCgroup())
                .started(sparseSecurity(), 6);
        assertEquals(Optional.of(new ContainerProcess(4242, 987654321L)), StateJson.headerProcess(StateJson.write(r)));
        assertEquals(Optional.empty(), StateJson.headerProcess("{\"version\": 2, \"status\": \"running\"}"));
    }

    @Test
    void creatingRoundTrips() {
        ContainerState back = roundTrip(ContainerState.creating(facts()));
        assertEquals("creating", tree(back).get("status").asString());
        assertEquals(facts().annotations(), back.facts().annotations());
    }

    @Test
    void createdRoundTripsWithItsProcessAndEveryHierarchyDirectory() {
        ContainerState.Created c = ContainerState.creating(facts()).created(new ContainerProcess(4242, 987654321L),
                hybridCgroup());
        ContainerState.Created back = assertInstanceOf(ContainerState.Created.class, roundTrip(c));
        assertEquals(new ContainerProcess(4242, 987654321L), back.pid());
        assertEquals(hybridCgroup().directories(), back.cgroup().directories());
        JsonNode t = tree(c);
        assertEquals("created", t.get("status").asString());
        assertEquals(4242, t.get("pid").asLong());
        assertEquals(987654321L, t.get("pid_start_time").asLong());
    }

    /**
     * A gVisor sandbox's cgroup (runsc's) is recorded apart from the directories rm removes, and
     * a native container's state file says nothing of it.
     */
    @Test
    void anObservedCgroupRoundTripsApartFromTheOneRmRemoves() {
        Map<String, String> runsc = new LinkedHashMap<>();
        runsc.put("memory", "/sys/fs/cgroup/memory/process_api/x/nucleus/" + ID);
        runsc.put("cpuacct", "/sys/fs/cgroup/cpuacct/nucleus/" + ID);
        runsc.put("name=systemd", "/sys/fs/cgroup/systemd/nucleus/" + ID);
        ContainerState.Running r = ContainerState.creating(facts())
                .created(new ContainerProcess(77, 5), CgroupPlacement.observedOnly("/process_api/x/nucleus/" + ID, runsc))
                .started(sparseSecurity(), 42);
        ContainerState.Running back = assertInstanceOf(ContainerState.Running.class, roundTrip(r));
        assertEquals(Map.of(), back.cgroup().directories(), "nothing for rm to empty and remove");
        assertEquals(runsc, back.cgroup().observed());
        assertEquals(runsc, back.cgroup().readable(), "what stats reads");
        assertEquals(runsc.get("memory"), tree(r).get("cgroup").get("observed").get("memory").asString());
        roundTrip(r.stopping());

        assertEquals(null, tree(running()).get("cgroup").get("observed"), "a native container's has no such key");
        assertEquals(hybridCgroup().directories(), hybridCgroup().readable());
    }

    @Test
    void createdWithoutACgroupRoundTrips() {
        roundTrip(ContainerState.creating(facts()).created(new ContainerProcess(1, 0), CgroupPlacement.NONE));
    }

    @Test
    void runningRoundTripsWithItsFullSecurityStatus() {
        ContainerState.Running back = assertInstanceOf(ContainerState.Running.class, roundTrip(running()));
        assertEquals(fullSecurity(), back.security());
        assertEquals(Optional.of(List.of()), back.security().landlock().orElseThrow().bindTcp(),
                "bind handled with no port allowed stays distinct from bind not handled");
        assertEquals(1_717_171_718_000L, back.startedMillis());
        assertEquals("running", tree(running()).get("status").asString());
    }

    @Test
    void runningWithASparseSecurityStatusRoundTrips() {
        ContainerState.Running r = ContainerState.creating(facts())
                .created(new ContainerProcess(77, 5), CgroupPlacement.NONE).started(sparseSecurity(), 42);
        ContainerState.Running back = assertInstanceOf(ContainerState.Running.class, roundTrip(r));
        assertTrue(back.security().seccomp().isEmpty());
        assertTrue(back.security().landlock().isEmpty());
        assertTrue(back.security().auditSession().isEmpty());
    }

    @Test
    void landlockWithoutNetworkHandlingRoundTripsAsUnhandled() {
        SecurityStatus s = new SecurityStatus(Optional.of(new SecurityStatus.Seccomp("trace", "trace", 9, false)),
                Optional.of(new SecurityStatus.Landlock(3, List.of("read_file"), 1, Optional.empty(), Optional.empty(),
                        List.of())), new SecurityStatus.Capabilities(List.of(), List.of()), true, Optional.of(0L));
        ContainerState.Running r = ContainerState.creating(facts())
                .created(new ContainerProcess(9, 9), CgroupPlacement.NONE).started(s, 1);
        ContainerState.Running back = assertInstanceOf(ContainerState.Running.class, roundTrip(r));
        assertEquals(Optional.empty(), back.security().landlock().orElseThrow().bindTcp());
        assertEquals(Optional.empty(), back.security().landlock().orElseThrow().connectTcp());
    }

    @Test
    void stoppingRoundTrips() {
        ContainerState.Stopping back = assertInstanceOf(ContainerState.Stopping.class, roundTrip(running().stopping()));
        assertEquals(running(), back.running());
        assertEquals("stopping", tree(back).get("status").asString());
    }

    @Test
    void stoppedRoundTripsWithItsExit() {
        ContainerState.Stopped s = running().exited(new ContainerState.Exit(137, 1_717_171_799_999L, true));
        ContainerState.Stopped back = assertInstanceOf(ContainerState.Stopped.class, roundTrip(s));
        assertEquals(new ContainerState.Exit(137, 1_717_171_799_999L, true), back.exit());
        assertEquals(fullSecurity(), back.security());
        assertEquals("stopped", tree(s).get("status").asString());
    }

    @Test
    void stoppedWithAnUnknownExitRoundTrips() {
        ContainerState.Stopped s = running().stopping()
                .exited(new ContainerState.Exit(ContainerState.Exit.UNKNOWN, 5, false));
        assertEquals(ContainerState.Exit.UNKNOWN, assertInstanceOf(ContainerState.Stopped.class, roundTrip(s)).exit().code());
    }

    @Test
    void failedRoundTripsFromCreatingAndFromCreated() {
        roundTrip(ContainerState.creating(facts()).failed("mount /proc: Operation not permitted (EPERM) at op 12"));
        ContainerState.Failed f = ContainerState.creating(facts()).created(new ContainerProcess(3, 3), hybridCgroup())
                .failed("landlock_restrict_self: Invalid argument\nsecond line");
        ContainerState.Failed back = assertInstanceOf(ContainerState.Failed.class, roundTrip(f));
        assertEquals("landlock_restrict_self: Invalid argument\nsecond line", back.reason());
    }

    @Test
    void anEphemeralContainerWithoutAnnotationsRoundTrips() {
        ContainerFacts f = new ContainerFacts("ffffffffffffffffffffffffffffffff", "ffffffffffff", 0, 0, List.of(),
                "host", "gvisor", "/", true, Map.of());
        roundTrip(ContainerState.creating(f));
    }

    @Test
    void theFileSaysVersionOneAndTheStatus() {
        ObjectNode t = tree(running().stopping());
        assertEquals(1, t.get("version").asInt());
        assertTrue(t.get("version").isIntegralNumber());
        assertEquals(ID, t.get("container").get("id").asString());
    }

    @Test
    void anUnknownVersionIsRefused() {
        for (String v : List.of("2", "0", "-1", "\"2\"", "null")) {
            ObjectNode t = tree(running());
            t.set("version", MAPPER.readTree(v));
            assertThrows(IllegalArgumentException.class, () -> StateJson.read(t.toString()), v);
        }
        ObjectNode missing = tree(running());
        missing.remove("version");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateJson.read(missing.toString()));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }

    @Test
    void aVersionThatIsNotTheIntegerOneIsRefused() {
        for (String v : List.of("1.5", "\"1\"", "true")) {
            ObjectNode t = tree(running());
            t.set("version", MAPPER.readTree(v));
            assertThrows(IllegalArgumentException.class, () -> StateJson.read(t.toString()), v);
        }
    }

    @Test
    void anUnknownStatusIsRefused() {
        for (String status : List.of("paused", "Running", "", "exited")) {
            ObjectNode t = tree(running());
            t.put("status", status);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateJson.read(t.toString()),
                    status);
            assertTrue(e.getMessage().contains("unknown status"), e.getMessage());
        }
    }

    @Test
    void aMissingStatusOrDataIsRefusedNotDefaulted() {
        ObjectNode noStatus = tree(running());
        noStatus.remove("status");
        assertThrows(RuntimeException.class, () -> StateJson.read(noStatus.toString()));
        ObjectNode noPid = tree(running());
        noPid.remove("pid");
        assertThrows(RuntimeException.class, () -> StateJson.read(noPid.toString()));
        ObjectNode badId = tree(running());
        ((ObjectNode) badId.get("container")).put("id", "../../etc");
        assertThrows(IllegalArgumentException.class, () -> StateJson.read(badId.toString()));
        assertThrows(RuntimeException.class, () -> StateJson.read("{\"version\": 1, \"status\": \"runn"));
    }

    @Test
    void differentStatesWriteDifferentFiles() {
        assertNotEquals(StateJson.write(running()), StateJson.write(running().stopping()));
    }

    /** The container object written once and put again is the text a fresh write makes, state after state. */
    @Test
    void theFactsWrittenOnceAreWhatAFreshWriteWrites() {
        ContainerFacts f = facts();
        var creating = ContainerState.creating(f);
        ContainerState failed = creating.failed("no");
        String first = StateJson.write(creating);
        String reused = StateJson.write(failed);  // same facts object: its text is put again
        ContainerFacts equalButOther = facts();    // equal, another object: written afresh
        assertEquals(StateJson.write(ContainerState.creating(equalButOther).failed("no")), reused);
        assertEquals(StateJson.write(ContainerState.creating(equalButOther)), first);
        assertEquals(creating.facts().annotations(), StateJson.read(reused).facts().annotations());
        ContainerFacts otherName = facts("fedcba9876543210fedcba9876543210", 1L, java.util.Map.of());
        String other = StateJson.write(ContainerState.creating(otherName));
        assertTrue(other.contains("fedcba9876543210fedcba9876543210"), other);
        assertEquals(first, StateJson.write(creating), "and back to the first");
    }

    /** The cgroup object written for created and put again for running is what fresh writes make. */
    @Test
    void theCgroupWrittenOnceIsWhatAFreshWriteWrites() {
        CgroupPlacement cgroup = hybridCgroup();
        var created = ContainerState.creating(facts()).created(new ContainerProcess(4242, 987654321L), cgroup);
        String createdText = StateJson.write(created);
        String runningText = StateJson.write(created.started(fullSecurity(), 1_717_171_718_000L)); // put again
        var fresh = ContainerState.creating(facts()).created(new ContainerProcess(4242, 987654321L), hybridCgroup());
        assertEquals(StateJson.write(fresh), createdText);
        assertEquals(StateJson.write(fresh.started(fullSecurity(), 1_717_171_718_000L)), runningText);
        assertEquals(cgroup, ((ContainerState.Running) StateJson.read(runningText)).cgroup());
    }
}
