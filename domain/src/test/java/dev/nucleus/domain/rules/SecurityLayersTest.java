package dev.nucleus.domain.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.host.Availability;
import dev.nucleus.domain.host.CgroupLayout;
import dev.nucleus.domain.host.CgroupSupport;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.LandlockSupport;
import dev.nucleus.domain.host.SeccompAction;
import dev.nucleus.domain.host.SeccompSupport;
import dev.nucleus.domain.mode.ServiceMode;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SecurityLayersTest {
    private static HostCapabilities host(LandlockSupport landlock, SeccompSupport seccomp) {
        return new HostCapabilities(landlock, seccomp, Availability.yes(), Availability.yes(),
                new CgroupSupport(CgroupLayout.HYBRID, List.of("memory", "pids", "cpu"), List.of()), true, false,
                Optional.empty());
    }

    private static final SeccompSupport SECCOMP = SeccompSupport.available(EnumSet.allOf(SeccompAction.class));

    private static Enforcement mode(ServiceMode mode, String... flags) {
        return ModeEnforcement.of(mode, Requests.request(List.of(flags)));
    }

    @Test
    void everythingAvailableAppliesBothLayers() {
        SecurityLayers l = SecurityLayers.decide(mode(ServiceMode.PRODUCTION), host(LandlockSupport.abi(7), SECCOMP));
        assertTrue(l.seccomp());
        assertEquals(7, l.landlockAbi());
        assertTrue(l.fatal().isEmpty() && l.warnings().isEmpty());
    }

    @Test
    void agentStopsWithoutLandlockUnlessDegradedSecurityIsAllowed() {
        HostCapabilities noLandlock = host(LandlockSupport.unavailable("disabled at boot"), SECCOMP);
        SecurityLayers strict = SecurityLayers.decide(mode(ServiceMode.AGENT), noLandlock);
        assertEquals(1, strict.fatal().size());
        assertTrue(strict.fatal().getFirst().contains("disabled at boot"));

        SecurityLayers degraded = SecurityLayers.decide(mode(ServiceMode.AGENT, "--allow-degraded-security"), noLandlock);
        assertTrue(degraded.fatal().isEmpty());
        assertEquals(0, degraded.landlockAbi());
        assertTrue(degraded.seccomp());
        assertTrue(degraded.warnings().getFirst().contains("--allow-degraded-security"));
    }

    @Test
    void strictAgentNeedsAbiFiveAndSeccomp() {
        assertFalse(SecurityLayers.decide(mode(ServiceMode.STRICT_AGENT), host(LandlockSupport.abi(4), SECCOMP))
                .fatal().isEmpty());
        assertTrue(SecurityLayers.decide(mode(ServiceMode.STRICT_AGENT), host(LandlockSupport.abi(5), SECCOMP))
                .fatal().isEmpty());
        SecurityLayers noSeccomp = SecurityLayers.decide(mode(ServiceMode.STRICT_AGENT),
                host(LandlockSupport.abi(7), SeccompSupport.unavailable("CONFIG_SECCOMP_FILTER=n")));
        assertEquals(List.of("seccomp filters are unavailable (CONFIG_SECCOMP_FILTER=n)"), noSeccomp.fatal());
    }

    @Test
    void productionAcceptsAbiThree() {
        assertTrue(SecurityLayers.decide(mode(ServiceMode.PRODUCTION), host(LandlockSupport.abi(3), SECCOMP))
                .fatal().isEmpty());
        assertFalse(SecurityLayers.decide(mode(ServiceMode.PRODUCTION), host(LandlockSupport.abi(2), SECCOMP))
                .fatal().isEmpty());
    }
}
