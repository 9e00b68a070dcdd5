package dev.nucleus.domain.host;

import static dev.nucleus.domain.host.Hosts.host;
import static dev.nucleus.domain.mode.ServiceMode.AGENT;
import static dev.nucleus.domain.mode.ServiceMode.PRODUCTION;
import static dev.nucleus.domain.mode.ServiceMode.STRICT_AGENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.mode.ServiceMode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModeReadinessTest {
    private static final List<String> ALL = List.of("memory", "cpu", "pids");
    private static final List<String> NONE = List.of();

    /** host, mode, expected reasons (each expected fragment must appear in its own reason, in order). */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("full host", host(7, true, true, true, ALL, NONE), AGENT, List.of()),
                Arguments.of("full host", host(7, true, true, true, ALL, NONE), STRICT_AGENT, List.of()),
                Arguments.of("full host", host(7, true, true, true, ALL, NONE), PRODUCTION, List.of()),
                Arguments.of("v2 controllers count", host(7, true, true, true, NONE, ALL), STRICT_AGENT, List.of()),
                Arguments.of("v1 and v2 mixed", host(7, true, true, true, List.of("memory"), List.of("pids", "cpu")), PRODUCTION, List.of()),

                Arguments.of("no seccomp", host(7, false, true, true, ALL, NONE), AGENT, List.of("seccomp filters are not available (ENOSYS")),
                Arguments.of("no landlock", host(0, true, true, true, ALL, NONE), AGENT, List.of("Landlock is not available (EOPNOTSUPP")),
                Arguments.of("neither", host(0, false, true, true, ALL, NONE), AGENT, List.of("seccomp", "Landlock is not available")),
                Arguments.of("agent ignores cgroups and userns", host(1, true, false, true, NONE, NONE), AGENT, List.of()),

                Arguments.of("ABI 4", host(4, true, true, true, ALL, NONE), STRICT_AGENT, List.of("Landlock ABI 4 < 5: the kernel cannot enforce ioctl_dev of")),
                Arguments.of("ABI 1", host(1, true, true, true, ALL, NONE), STRICT_AGENT, List.of("Landlock ABI 1 < 5: the kernel cannot enforce refer, truncate, ioctl_dev of")),
                Arguments.of("no userns as root", host(7, true, false, true, ALL, NONE), STRICT_AGENT, List.of("user namespaces cannot be created (EPERM); strict-agent started as root remaps uid 0 to 100000:65536")),
                Arguments.of("no userns rootless", host(7, true, false, false, ALL, NONE), STRICT_AGENT, List.of()),
                Arguments.of("no pids", host(7, true, true, true, List.of("memory", "cpu"), NONE), STRICT_AGENT, List.of("cgroup controller 'pids' is not usable")),
                Arguments.of("strict ignores cpu", host(7, true, true, true, List.of("memory", "pids"), NONE), STRICT_AGENT, List.of()),
                Arguments.of("everything wrong", host(0, false, false, true, NONE, NONE), STRICT_AGENT,
                        List.of("seccomp", "Landlock is not available", "user namespaces", "'memory'", "'pids'")),

                Arguments.of("ABI 3 suffices", host(3, true, true, true, ALL, NONE), PRODUCTION, List.of()),
                Arguments.of("ABI 2", host(2, true, true, true, ALL, NONE), PRODUCTION, List.of("Landlock ABI 2 < 3: the kernel cannot enforce truncate of production's")),
                Arguments.of("no cpu", host(7, true, true, true, List.of("memory", "pids"), NONE), PRODUCTION, List.of("cgroup controller 'cpu' is not usable")),
                Arguments.of("no controllers", host(7, true, true, true, NONE, NONE), PRODUCTION, List.of("'memory'", "'cpu'", "'pids'")),
                Arguments.of("production ignores userns", host(7, true, false, true, ALL, NONE), PRODUCTION, List.of()));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("table")
    void listsEveryReason(String label, HostCapabilities host, ServiceMode mode, List<String> expected) {
        Readiness r = ModeReadiness.evaluate(mode, host);
        assertEquals(mode, r.mode());
        assertEquals(expected.size(), r.reasons().size(), () -> label + ": " + r.reasons());
        for (int i = 0; i < expected.size(); i++) {
            String reason = r.reasons().get(i);
            String fragment = expected.get(i);
            assertTrue(reason.contains(fragment), () -> label + ": '" + reason + "' lacks '" + fragment + "'");
        }
        assertEquals(expected.isEmpty(), r.ready());
    }

    @Test
    void agentNotReadyPointsToDegradedMode() {
        Readiness r = ModeReadiness.evaluate(AGENT, host(0, true, true, true, ALL, NONE));
        assertTrue(r.fallback().orElseThrow().contains("--allow-degraded-security"));
        assertEquals(Optional.empty(), ModeReadiness.evaluate(AGENT, Hosts.full()).fallback());
        assertEquals(Optional.empty(), ModeReadiness.evaluate(STRICT_AGENT, host(0, false, false, true, NONE, NONE)).fallback(),
                "fail-closed modes have no degraded fallback");
    }

    @Test
    void evaluatesEveryModeInOrder() {
        assertEquals(List.of(AGENT, STRICT_AGENT, PRODUCTION),
                ModeReadiness.evaluateAll(Hosts.full()).stream().map(Readiness::mode).toList());
    }
}
