package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.ports.PolicyRejectedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** --memlock against this process's real hard limit, in and out of a user namespace. */
class MemlockReachTest {
    private static final Path LIMITS = Path.of("/proc/self/limits");

    private static ContainerSpec spec(String memlock, boolean strict) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.put(LaunchOption.MEMLOCK, List.of(memlock));
        values.put(LaunchOption.TRUST_LEVEL, List.of("trusted"));
        if (strict) {
            values.put(LaunchOption.STRICT_AGENT, List.of("true"));
        }
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    @Test
    void theHardLimitIsReadByItsName() throws Exception {
        String text = Files.readString(LIMITS);
        long hard = ProcessLimits.hard(text, "Max locked memory");
        assertTrue(hard == -1 || hard > 0, text);
        assertEquals(-1, ProcessLimits.hard("Max cpu time              unlimited            unlimited            seconds\n",
                "Max cpu time"));
    }

    @Test
    void aUserNamespaceCannotGoAboveTheInheritedHardLimit() throws Exception {
        long hard = ProcessLimits.hard(Files.readString(LIMITS), "Max locked memory");
        if (hard == -1) {
            return; // nothing is above unlimited
        }
        PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                () -> Preflight.memlockWithinReach(spec(Long.toString(hard + 4096), true), LIMITS));
        assertTrue(e.getMessage().startsWith("--memlock "), e.getMessage());
        assertTrue(e.getMessage().contains("(" + hard + " bytes)"), e.getMessage());
        Preflight.memlockWithinReach(spec(Long.toString(hard), true), LIMITS);
    }

    @Test
    void rootOfTheHostsNamespaceMayRaiseItWhenItHoldsCapSysResource() throws Exception {
        boolean holds = ProcessLimits.holdsSysResource(Files.readString(Path.of("/proc/self/status")));
        if (holds) {
            Preflight.memlockWithinReach(spec("100T", false), LIMITS);
        } else { // this machine's root, for one: its bounding set has no CAP_SYS_RESOURCE
            PolicyRejectedException e = assertThrows(PolicyRejectedException.class,
                    () -> Preflight.memlockWithinReach(spec("100T", false), LIMITS));
            assertTrue(e.getMessage().contains("a runtime without CAP_SYS_RESOURCE cannot raise"), e.getMessage());
        }
    }

    @Test
    void theEffectiveSetIsReadFromStatus() {
        assertTrue(ProcessLimits.holdsSysResource("Name:\tx\nCapEff:\t000001ffffffffff\n"));
        assertTrue(!ProcessLimits.holdsSysResource("CapEff:\t000001fffeffffff\n"), "bit 24 cleared");
    }
}
