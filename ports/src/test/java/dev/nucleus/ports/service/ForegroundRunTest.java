package dev.nucleus.ports.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.host.Availability;
import dev.nucleus.domain.host.CgroupLayout;
import dev.nucleus.domain.host.CgroupSupport;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.LandlockSupport;
import dev.nucleus.domain.host.SeccompAction;
import dev.nucleus.domain.host.SeccompSupport;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.SecurityLayers;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.NotSupportedYetException;
import dev.nucleus.ports.out.ContainerBackend;
import dev.nucleus.ports.out.EventSink;
import dev.nucleus.ports.out.LaunchSecrets;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The run service with in-memory adapters: what the host lacks decides, never the backend. */
class ForegroundRunTest {
    private final List<String> warnings = new ArrayList<>();
    private final EventSink events = e -> warnings.add(((dev.nucleus.domain.event.ContainerEvent.Warning) e).message());

    /** Records what it was asked to run. */
    private static final class RecordingBackend implements ContainerBackend {
        final List<SecurityLayers> runs = new ArrayList<>();
        List<String> unsupported = List.of();

        @Override
        public List<String> unsupported(ContainerSpec spec) {
            return unsupported;
        }

        @Override
        public int runForeground(ContainerSpec spec, SecurityLayers layers, LaunchSecrets secrets, EventSink events) {
            runs.add(layers);
            return 7;
        }
    }

    private static HostCapabilities host(LandlockSupport landlock) {
        return new HostCapabilities(landlock, SeccompSupport.available(EnumSet.allOf(SeccompAction.class)),
                Availability.yes(), Availability.yes(),
                new CgroupSupport(CgroupLayout.UNIFIED, List.of(), List.of("memory", "pids", "cpu")), true, false,
                Optional.empty());
    }

    private static ContainerSpec spec(Map<LaunchOption, List<String>> options) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.putAll(options);
        return new LaunchResolution().resolve(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS), new Invoker(0, 0));
    }

    @Test
    void strictAgentRefusesToStartWithoutLandlockAndNeverReachesTheBackend() throws Exception {
        RecordingBackend backend = new RecordingBackend();
        ForegroundRun run = new ForegroundRun(() -> host(LandlockSupport.unavailable("lsm= lacks landlock")), backend,
                events);
        ContainerSpec strict = spec(Map.of(LaunchOption.STRICT_AGENT, List.of("true"),
                LaunchOption.TRUST_LEVEL, List.of("trusted")));
        LaunchFailedException e = assertThrows(LaunchFailedException.class, () -> run.run(strict, LaunchSecrets.none()));
        assertTrue(e.getMessage().contains("strict-agent mode cannot run fail-closed"), e.getMessage());
        assertTrue(backend.runs.isEmpty());
    }

    @Test
    void agentWithDegradedSecurityRunsWithoutLandlockAndWarns() throws Exception {
        RecordingBackend backend = new RecordingBackend();
        ForegroundRun run = new ForegroundRun(() -> host(LandlockSupport.unavailable("old kernel")), backend, events);
        assertEquals(7, run.run(spec(Map.of(LaunchOption.ALLOW_DEGRADED_SECURITY, List.of("true"))), LaunchSecrets.none()));
        assertEquals(0, backend.runs.getFirst().landlockAbi());
        assertEquals(1, warnings.size());
    }

    @Test
    void whatTheBackendCannotDoYetIsRefusedNotIgnored() throws Exception {
        RecordingBackend backend = new RecordingBackend();
        backend.unsupported = List.of("--context", "--network bridge");
        ForegroundRun run = new ForegroundRun(() -> host(LandlockSupport.abi(7)), backend, events);
        NotSupportedYetException e = assertThrows(NotSupportedYetException.class, () -> run.run(spec(Map.of()), LaunchSecrets.none()));
        assertEquals(List.of("--context", "--network bridge"), e.missing());
        assertTrue(backend.runs.isEmpty());
    }
}
