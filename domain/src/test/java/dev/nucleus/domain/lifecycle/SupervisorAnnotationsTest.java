package dev.nucleus.domain.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The process that tears a container down, as its state names it. */
class SupervisorAnnotationsTest {
    @Test
    void aSupervisorOrAForegroundRunIsFoundAndNothingElse() {
        ContainerProcess supervisor = new ContainerProcess(10, 100);
        ContainerProcess foreground = new ContainerProcess(20, 200);
        assertEquals(Optional.of(supervisor), SupervisorAnnotations.process(SupervisorAnnotations.of("builtin", supervisor)));
        assertEquals(Optional.of(foreground), SupervisorAnnotations.process(SupervisorAnnotations.foreground(foreground)));
        Map<String, String> both = new HashMap<>(SupervisorAnnotations.of("builtin", supervisor));
        both.putAll(SupervisorAnnotations.foreground(foreground));
        assertEquals(Optional.of(supervisor), SupervisorAnnotations.process(both), "a supervisor's comes first");
        assertEquals(Optional.empty(), SupervisorAnnotations.process(Map.of()), "an embedded launch names none");
        assertEquals(Optional.empty(), SupervisorAnnotations.process(
                SupervisorAnnotations.foreground(new ContainerProcess(20, 0))), "no start time: not one process for good");
        assertEquals(Optional.empty(), SupervisorAnnotations.process(Map.of(SupervisorAnnotations.RUNTIME_PID, "x",
                SupervisorAnnotations.RUNTIME_START, "1")));
    }

    @Test
    void aKeptStateStopsNamingItsForegroundRunAndKeepsTheRest() {
        Map<String, String> a = new HashMap<>(SupervisorAnnotations.foreground(new ContainerProcess(20, 200)));
        a.put("dev.nucleus.mode", "agent");
        ContainerFacts f = new ContainerFacts("ab".repeat(16), "box", 0, 1, java.util.List.of("/bin/true"), "agent",
                "native", "/", false, a);
        ContainerState.Stopped stopped = new ContainerState.Stopped(f, null, 2, new ContainerState.Exit(0, 3, false));
        ContainerState after = SupervisorAnnotations.withoutForegroundRuntime(stopped);
        assertEquals(Map.of("dev.nucleus.mode", "agent"), after.facts().annotations());
        assertEquals(new ContainerState.Exit(0, 3, false), ((ContainerState.Stopped) after).exit());
        ContainerState.Failed failed = new ContainerState.Failed(f, "no rootfs");
        assertEquals(Map.of("dev.nucleus.mode", "agent"),
                SupervisorAnnotations.withoutForegroundRuntime(failed).facts().annotations());
        ContainerState.Creating creating = ContainerState.creating(f);
        assertEquals(creating, SupervisorAnnotations.withoutForegroundRuntime(creating), "not this run's to change yet");
    }
}
