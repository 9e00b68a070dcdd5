package dev.nucleus.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.cli.common.GlobalOption;
import dev.nucleus.domain.launch.Arity;
import dev.nucleus.domain.launch.LaunchOption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The launcher's lists of plain options (nucleus-launcher.c, which runs a `run` of only those
 * interpreted) name options that exist, each taking values as the list says: a renamed option
 * would otherwise drop out of the list unnoticed.
 */
class LauncherPlainOptionsTest {
    private static final Path LAUNCHER = Path.of("src/launcher/nucleus-launcher.c");

    /** The quoted strings of the C array {@code name}. */
    private static List<String> array(String name) throws IOException {
        String source = Files.readString(LAUNCHER);
        Matcher m = Pattern.compile("static const char \\*const " + name + "\\[\\] = \\{(.*?)\\};", Pattern.DOTALL)
                .matcher(source);
        assertTrue(m.find(), name + " in " + LAUNCHER);
        List<String> out = new ArrayList<>();
        Matcher s = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (s.find()) {
            out.add(s.group(1));
        }
        return out;
    }

    @Test
    void everyPlainFlagIsAnOptionWithoutAValue() throws IOException {
        List<String> flags = array("PLAIN_FLAGS");
        assertFalse(flags.isEmpty());
        for (String flag : flags) {
            if (flag.equals("--timings")) {
                continue; // run's own (RunCommandSpec), not a launch option
            }
            Optional<LaunchOption> o = LaunchOption.byFlag(flag);
            assertTrue(o.isPresent(), flag + " names no launch option");
            assertEquals(Arity.FLAG, o.get().arity(), flag + " takes a value");
        }
    }

    @Test
    void everyPlainValuedOptionTakesAValue() throws IOException {
        List<String> valued = array("PLAIN_VALUED");
        assertFalse(valued.isEmpty());
        for (String flag : valued) {
            Optional<LaunchOption> o = LaunchOption.byFlag(flag);
            if (o.isPresent()) {
                assertTrue(o.get().arity() != Arity.FLAG, flag + " takes no value");
            } else {
                assertNotNull(GlobalOption.byFlag(flag), flag + " names no option");
            }
        }
    }

    /** The two whose value decides: a bridge network and the gVisor runtime keep the JIT. */
    @Test
    void networkAndRuntimeAreOptionsTheLauncherChecksTheValueOf() throws IOException {
        assertTrue(LaunchOption.byFlag("--network").isPresent());
        assertTrue(LaunchOption.byFlag("--runtime").isPresent());
        assertFalse(array("PLAIN_VALUED").contains("--network"), "--network is plain only as none or host");
        assertFalse(array("PLAIN_VALUED").contains("--runtime"), "--runtime is plain only as native");
    }
}
