package dev.nucleus.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.CgroupPlacement;
import dev.nucleus.domain.lifecycle.ContainerFacts;
import dev.nucleus.domain.lifecycle.ContainerProcess;
import dev.nucleus.domain.lifecycle.ContainerState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";

    private static ContainerState.Stopped stopped(int code) {
        ContainerFacts facts = new ContainerFacts(ID, "web", 0, 1_000, List.of("/bin/true"), "agent", "native", "/",
                false, Map.of());
        SecurityStatus security = new SecurityStatus(Optional.empty(), Optional.empty(),
                new SecurityStatus.Capabilities(List.of(), List.of()), false, Optional.empty());
        return new ContainerState.Stopped(facts, security, 2_000, new ContainerState.Exit(code, 3_000, false));
    }

    private static JsonNode psJson(ContainerState s) {
        return JsonMapper.builder().build().readTree(ContainerViews.json(List.of(s))).get(0);
    }

    @Test
    void aRecordedExitCodeIsShown() {
        JsonNode c = psJson(stopped(4));
        assertEquals(4, c.get("exit_code").asInt());
        assertEquals("exited (4)", c.get("status").asString());
    }

    /** A runtime that died recorded no exit: JSON says so with null, not with a code no process can exit with. */
    @Test
    void anUnknownExitCodeIsNull() {
        JsonNode c = psJson(stopped(ContainerState.Exit.UNKNOWN));
        assertTrue(c.has("exit_code"), c.toString());
        assertTrue(c.get("exit_code").isNull(), c.toString());
        assertEquals("exited (?)", c.get("status").asString());
        assertEquals("stopped", c.get("oci_status").asString());
    }

    @Test
    void createdSaysOneUnitInTheSingular() {
        assertEquals("0 seconds ago", ContainerViews.ago(Duration.ZERO));
        assertEquals("1 second ago", ContainerViews.ago(Duration.ofSeconds(1)));
        assertEquals("59 seconds ago", ContainerViews.ago(Duration.ofSeconds(59)));
        assertEquals("1 minute ago", ContainerViews.ago(Duration.ofSeconds(119)));
        assertEquals("2 minutes ago", ContainerViews.ago(Duration.ofMinutes(2)));
        assertEquals("1 hour ago", ContainerViews.ago(Duration.ofMinutes(61)));
        assertEquals("23 hours ago", ContainerViews.ago(Duration.ofHours(23)));
        assertEquals("1 day ago", ContainerViews.ago(Duration.ofHours(24)));
        assertEquals("3 days ago", ContainerViews.ago(Duration.ofDays(3)));
        assertEquals("0 seconds ago", ContainerViews.ago(Duration.ofSeconds(-5)), "a clock step back");
    }

    @Test
    void theCreatedColumnUsesIt() {
        assertEquals("1 minute ago", ContainerViews.cell(stopped(0), "CREATED", Instant.ofEpochMilli(1_000 + 60_000)));
    }

    @Test
    void theListHoldsEveryContainerWithEachMemberTyped() {
        ContainerFacts facts = new ContainerFacts("fedcba9876543210fedcba9876543210", "db", 0, 1_000,
                List.of("/bin/sh", "-c", "echo \"hi\"\n\tthere \\ \u0001"), "production", "gvisor", "/",
                false, Map.of());
        ContainerState running = new ContainerState.Running(facts, new ContainerProcess(4242, 99),
                new CgroupPlacement("/x", Map.of(), Map.of()), stopped(0).security(), 1_500);
        JsonNode list = JsonMapper.builder().build().readTree(ContainerViews.json(List.of(running, stopped(3)),
                s -> s == running ? Optional.of("healthy") : Optional.empty()));

        assertEquals(2, list.size());
        JsonNode r = list.get(0);
        assertEquals(facts.id(), r.get("id").asString());
        assertEquals("db", r.get("name").asString());
        assertEquals(4242, r.get("pid").asLong());
        assertEquals("running", r.get("status").asString());
        assertEquals("running", r.get("oci_status").asString());
        assertEquals("healthy", r.get("health").asString());
        assertEquals("gvisor", r.get("runtime").asString());
        assertEquals("production", r.get("mode").asString());
        assertEquals("1970-01-01T00:00:01Z", r.get("created").asString());
        assertEquals(facts.command(), r.get("command").valueStream().map(JsonNode::asString).toList());
        assertFalse(r.has("exit_code"), "only a stopped container has one");

        JsonNode st = list.get(1);
        assertTrue(st.get("pid").isNull(), st.toString());
        assertTrue(st.get("health").isNull(), st.toString());
        assertEquals(3, st.get("exit_code").asInt());
        assertFalse(st.get("oom_killed").asBoolean());
    }

    @Test
    void noContainersIsAnEmptyArray() {
        assertEquals("[ ]", ContainerViews.json(List.of()));
    }
}
