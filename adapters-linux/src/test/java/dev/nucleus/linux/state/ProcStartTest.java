package dev.nucleus.linux.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.lifecycle.ContainerProcess;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A process's start time from /proc/PID/stat, its fields found by hand as String.split found them. */
class ProcStartTest {
    @Test
    void fieldIsWhatSplitGivesOrNullWhereSplitsArrayIsShorter() {
        Random random = new Random(42);
        char[] alphabet = {' ', ' ', 'a', '7', ')', '\n'};
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(60); i > 0; i--) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String s = text.toString();
            String[] split = s.split(" ");
            for (int n = 0; n < 25; n++) {
                String field = ProcStart.field(s, n);
                if (n < split.length) {
                    assertEquals(split[n], field, "field " + n + " of '" + s + "'");
                } else {
                    // split dropped it (trailing and empty) or there is no such field: never a number
                    assertTrue(field == null || field.isEmpty(), "field " + n + " of '" + s + "': " + field);
                }
            }
        }
    }

    @Test
    void thisProcessHasAStartTimeAndIsAlive() {
        long pid = ProcessHandle.current().pid();
        long start = ProcStart.of(pid).orElseThrow();
        assertTrue(start > 0);
        assertTrue(ProcStart.alive(new ContainerProcess(pid, start)));
        assertTrue(!ProcStart.alive(new ContainerProcess(pid, start + 1)), "another start: another process");
        assertTrue(ProcStart.of(Integer.MAX_VALUE).isEmpty(), "no such process");
    }
}
