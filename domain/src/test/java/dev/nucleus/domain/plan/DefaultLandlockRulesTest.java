package dev.nucleus.domain.plan;

import static dev.nucleus.domain.plan.LandlockAccess.EXECUTE;
import static dev.nucleus.domain.plan.LandlockAccess.READ;
import static dev.nucleus.domain.plan.LandlockAccess.TRUNCATE;
import static dev.nucleus.domain.plan.LandlockAccess.WRITE_FILE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.launch.LaunchOption;
import dev.nucleus.domain.launch.LaunchRequestParser;
import dev.nucleus.domain.launch.RawLaunchRequest;
import dev.nucleus.domain.rules.ContainerSpec;
import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.LaunchValidator;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Landlock adds a directory's rights to everything beneath it: nothing the container writes may run. */
class DefaultLandlockRulesTest {
    private static final int ABI = 7;

    private static ContainerSpec spec(Map<LaunchOption, List<String>> options) throws Exception {
        Map<LaunchOption, List<String>> values = new EnumMap<>(LaunchOption.class);
        values.putAll(options);
        return LaunchValidator.validate(LaunchRequestParser.parse(new RawLaunchRequest(values, List.of("/bin/true"),
                RawLaunchRequest.Origin.FLAGS)), new Invoker(0, 0));
    }

    private static long rightsAt(Step.Landlock step, String path) {
        return step.rules().stream().filter(r -> r.path().equals(path)).mapToLong(LandlockRule::access)
                .reduce(0, (a, b) -> a | b);
    }

    @Test
    void writableVolumesNeverExecuteAndReadOnlyOnesDo() throws Exception {
        Step.Landlock step = DefaultLandlockRules.of(spec(Map.of(LaunchOption.VOLUME,
                List.of("/srv/data:/data", "/srv/tools:/tools:ro"))), ABI);
        assertEquals(WRITE_FILE, rightsAt(step, "/data") & (WRITE_FILE | EXECUTE));
        assertEquals(EXECUTE, rightsAt(step, "/tools") & (WRITE_FILE | EXECUTE));
    }

    @Test
    void aRootfsDirectoryHoldingAWritableMountLosesExecute() throws Exception {
        ContainerSpec spec = spec(Map.of(LaunchOption.TMPFS, List.of("/scratch"),
                LaunchOption.VOLUME, List.of("/srv/data:/opt/app/data", "/srv/ro:/usr2:ro")));
        Step.Landlock step = DefaultLandlockRules.of(spec, ABI, List.of("/scratch", "/opt", "/app", "/usr2"),
                READ | EXECUTE);
        assertEquals(0, rightsAt(step, "/scratch") & EXECUTE, "a tmpfs over the rootfs's own /scratch");
        assertEquals(0, rightsAt(step, "/opt") & EXECUTE, "a writable volume beneath /opt");
        assertEquals(EXECUTE, rightsAt(step, "/app") & EXECUTE, "nothing writable there");
        assertEquals(EXECUTE, rightsAt(step, "/usr2") & EXECUTE, "a read-only volume keeps the tree's rights");
    }

    /** --proc-rw would be a writable mount Landlock still refused every write to. */
    @Test
    void procIsWritableOnlyWithProcRw() throws Exception {
        assertEquals(READ, rightsAt(DefaultLandlockRules.of(spec(Map.of()), ABI), "/proc"));
        assertEquals(READ | WRITE_FILE | TRUNCATE, rightsAt(DefaultLandlockRules.of(spec(Map.of(LaunchOption.PROC_RW,
                List.of("true"))), ABI), "/proc"));
    }
}
