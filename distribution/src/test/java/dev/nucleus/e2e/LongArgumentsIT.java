package dev.nucleus.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A workload's arguments and environment go as far as the kernel takes them (an agent's shell
 * line is often longer than a page); past its bounds, and past the plan's on supplementary
 * groups, the launch is an invalid request (exit 2), not a crash.
 */
@Tag("root")
class LongArgumentsIT {
    @Test
    void aShellLineOfAHundredKilobytesRuns() {
        String line = "true; ".repeat(20_000) + "echo ran";
        Nucleus.Result r = Nucleus.run("run", "-e", "BIG=" + "v".repeat(100_000), "--", "/bin/sh", "-c",
                line + " ${#BIG}");
        assertEquals(0, r.exit(), r.err());
        assertEquals("ran 100000\n", r.out());
    }

    /** nucleus itself cannot take such an argument on its command line: it comes in a config document. */
    @Test
    void pastTheKernelsBoundsIsAnInvalidRequest() throws Exception {
        Path doc = Nucleus.tempFile("nucleus-long", ".json");
        Files.writeString(doc, "{\"command\": [\"/bin/echo\", \"" + "a".repeat(131_073) + "\"]}");
        Nucleus.Result arg = Nucleus.run("run", "--config", doc.toString());
        assertEquals(2, arg.exit(), arg.err());
        assertTrue(arg.err().contains("workload-arguments-too-long"), arg.err());

        List<String> argv = new ArrayList<>(List.of("run"));
        for (int i = 1; i <= 4097; i++) {
            argv.addAll(List.of("--additional-group", Integer.toString(i)));
        }
        argv.addAll(List.of("--", "/bin/true"));
        Nucleus.Result groups = Nucleus.run(argv.toArray(String[]::new));
        assertEquals(2, groups.exit(), groups.err());
        assertTrue(groups.err().contains("additional-groups-limit"), groups.err());
    }
}
