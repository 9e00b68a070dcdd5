package dev.nucleus.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.SecurityStatus;
import dev.nucleus.domain.lifecycle.ContainerFacts;
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
}
