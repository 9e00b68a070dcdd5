package dev.nucleus.linux.jni;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs the start-cost bench once (50 spawns, all must exit 0). Prints; asserts no timing. */
@Tag("root")
class ShimSpawnBenchTest {
    @Test
    void fiftySpawnsOfTrue() {
        ShimSpawnBench.main(new String[] {"50"});
    }
}
