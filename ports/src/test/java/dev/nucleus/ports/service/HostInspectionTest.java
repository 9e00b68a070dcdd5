package dev.nucleus.ports.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.host.Availability;
import dev.nucleus.domain.host.CgroupLayout;
import dev.nucleus.domain.host.CgroupSupport;
import dev.nucleus.domain.host.HostCapabilities;
import dev.nucleus.domain.host.LandlockSupport;
import dev.nucleus.domain.host.Readiness;
import dev.nucleus.domain.host.SeccompAction;
import dev.nucleus.domain.host.SeccompSupport;
import dev.nucleus.domain.mode.ServiceMode;
import dev.nucleus.ports.in.HostReport;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostInspectionTest {

    @Test
    void probesOnceAndJudgesEveryModeOnTheSameAnswers() {
        // Landlock ABI 3 with v1 memory+cpu+pids: production and agent ready, strict-agent not.
        HostCapabilities host = new HostCapabilities(LandlockSupport.abi(3),
                SeccompSupport.available(Set.of(SeccompAction.ALLOW, SeccompAction.ERRNO)),
                Availability.yes(), Availability.no("EPERM"),
                new CgroupSupport(CgroupLayout.LEGACY, List.of("memory", "cpu", "pids"), List.of()),
                true, false, Optional.empty());
        AtomicInteger calls = new AtomicInteger();

        HostReport report = new HostInspection(() -> {
            calls.incrementAndGet();
            return host;
        }).inspect();

        assertEquals(1, calls.get());
        assertEquals(host, report.capabilities());
        assertEquals(List.of(ServiceMode.AGENT, ServiceMode.STRICT_AGENT, ServiceMode.PRODUCTION),
                report.modes().stream().map(Readiness::mode).toList());
        assertTrue(report.modes().get(0).ready());
        assertFalse(report.modes().get(1).ready());
        assertTrue(report.modes().get(1).reasons().getFirst().contains("ioctl_dev"));
        assertTrue(report.modes().get(2).ready());
    }
}
