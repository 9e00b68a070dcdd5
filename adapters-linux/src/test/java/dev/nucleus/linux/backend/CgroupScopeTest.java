package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.event.ContainerEvent;
import dev.nucleus.domain.event.ResourceStats;
import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;
import dev.nucleus.ports.CgroupException;
import dev.nucleus.ports.LaunchFailedException;
import dev.nucleus.ports.out.CgroupDriver;
import dev.nucleus.ports.out.ContainerCgroup;
import dev.nucleus.ports.out.EventSink;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a failed join reports. A container process that failed one of its own steps is exiting,
 * and the kernel refuses to move an exiting process (ESRCH): that step is the error to report,
 * in every mode, with no cgroup warning beside it.
 */
class CgroupScopeTest {
    private static final CgroupException EXITING =
            new CgroupException("write /sys/fs/cgroup/unified/nucleus/x/cgroup.procs = \"7\": No such process");
    private final List<ContainerEvent> events = new ArrayList<>();
    private final EventSink sink = events::add;

    private static ContainerSpec spec(String mode) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.put(LaunchOption.SERVICE_MODE, List.of(mode));
        values.put(LaunchOption.TRUST_LEVEL, List.of("trusted"));
        if (mode.equals("production")) {
            values.put(LaunchOption.MEMORY, List.of("1G"));
            values.put(LaunchOption.CPUS, List.of("1"));
            values.put(LaunchOption.ROOTFS, List.of("/srv/r"));
            values.put(LaunchOption.VERIFY_ROOTFS_ATTESTATION, List.of("true"));
        }
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    private CgroupScope scope(String mode) throws Exception {
        CgroupDriver driver = new CgroupDriver() {
            @Override
            public ContainerCgroup create(String containerId, dev.nucleus.domain.spec.Resources limits) {
                return new RefusingJoin();
            }

            @Override
            public ContainerCgroup reopen(String containerId, Map<String, String> directories) {
                throw new UnsupportedOperationException();
            }
        };
        return CgroupScope.create(driver, "x", spec(mode), sink);
    }

    @Test
    void theContainersOwnFailureIsReportedInsteadOfTheJoin() throws Exception {
        LaunchFailedException step = new LaunchFailedException("step 72 create /x/root/data: File exists (EEXIST)");
        for (String mode : List.of("agent", "strict-agent", "production")) {
            LaunchFailedException thrown = assertThrows(LaunchFailedException.class,
                    () -> scope(mode).join(7, () -> Optional.of(step)), mode);
            assertSame(step, thrown, mode);
        }
        assertEquals(List.of(), events, "no cgroup warning beside the step's failure");
    }

    @Test
    void withoutAContainerFailureTheModeDecides() throws Exception {
        scope("agent").join(7, Optional::empty);
        assertEquals(1, events.size());
        assertTrue(((ContainerEvent.Warning) events.getFirst()).message()
                .startsWith("the container could not join its cgroup: write "), events.toString());
        LaunchFailedException fatal = assertThrows(LaunchFailedException.class,
                () -> scope("production").join(7, Optional::empty));
        assertTrue(fatal.getMessage().startsWith("cgroup: write "), fatal.getMessage());
    }

    /** A cgroup whose join meets a process that is already exiting. */
    private static final class RefusingJoin implements ContainerCgroup {
        @Override
        public void join(long pid) throws CgroupException {
            throw EXITING;
        }

        @Override
        public String path() {
            return "/nucleus/x";
        }

        @Override
        public Map<String, String> directories() {
            return Map.of("cgroup2", "/sys/fs/cgroup/unified/nucleus/x");
        }

        @Override
        public ResourceStats stats() {
            return ResourceStats.NONE;
        }

        @Override
        public void close() {
        }
    }
}
