package dev.nucleus.ports.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.SubordinateIds;
import dev.nucleus.domain.value.IdMapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The caller's subordinate ids are looked up for the launches that map onto them, and only those. */
class LaunchResolutionTest {
    private final List<Invoker> asked = new ArrayList<>();
    private final LaunchResolution resolution = new LaunchResolution(invoker -> {
        asked.add(invoker);
        return Optional.of(new SubordinateIds(200_000, 65_536, 200_000, 65_536));
    });

    private RawLaunchRequest request(Map<LaunchOption, List<String>> options) {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.putAll(options);
        return new RawLaunchRequest(values, List.of("/bin/true"), RawLaunchRequest.Origin.FLAGS);
    }

    @Test
    void autoAndKeepIdAskForTheCallersRangesAndMapOntoThem() throws Exception {
        Invoker user = new Invoker(1000, 1000);
        var auto = resolution.resolve(request(Map.of(LaunchOption.USERNS, List.of("auto"))), user);
        assertEquals(List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 200_000, 65_536)), auto.userNamespace().uidMap());
        var keepId = resolution.resolve(request(Map.of(LaunchOption.USERNS, List.of("keep-id"))), user);
        assertEquals(List.of(new IdMapping(0, 200_000, 1), new IdMapping(1000, 1000, 1)),
                keepId.userNamespace().uidMap());
        assertEquals(List.of(user, user), asked);
    }

    @Test
    void otherLaunchesNeverReadThem() throws Exception {
        Invoker root = new Invoker(0, 0);
        resolution.resolve(request(Map.of()), root);
        resolution.resolve(request(Map.of(LaunchOption.ROOTLESS, List.of("true"))), root);
        resolution.resolve(request(Map.of(LaunchOption.UIDMAP, List.of("0:300000:10"), LaunchOption.GIDMAP,
                List.of("0:300000:10"))), root);
        // a mode that maps beside explicit maps is refused (userns-mode-with-maps), without a look either
        assertThrows(dev.nucleus.domain.launch.InvalidRequestException.class, () -> resolution.resolve(request(Map.of(
                LaunchOption.USERNS, List.of("auto"), LaunchOption.UIDMAP, List.of("0:300000:10"), LaunchOption.GIDMAP,
                List.of("0:300000:10"))), root));
        assertEquals(List.of(), asked);
    }
}
