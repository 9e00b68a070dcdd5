package dev.nucleus.domain.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlanEncoderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void encodesTheDocumentedLayoutByteForByte() {
        IsolationPlan plan = new IsolationPlan(Clone.NEWNS | Clone.NEWPID,
                List.of(new Step.SetHostname("ab"), new Step.Exec("/x", List.of("x"), List.of())));
        byte[] expected = hex(
                "4e554350 0100 0000 49000000 03000000"            // magic NUCP, v1, reserved, length 73, 3 records
                        + "0100 0000 08000000 0000022000000000"   // CLONE_FLAGS: NEWNS|NEWPID
                        + "1000 0000 06000000 02000000 6162"      // SETHOSTNAME "ab"
                        + "1f00 0000 13000000 02000000 2f78"      // EXEC (19 bytes) path "/x"
                        + "01000000 01000000 78"                  //   argv ["x"]
                        + "00000000");                            //   env []
        assertArrayEquals(expected, PlanEncoder.encode(plan));
    }

    @Test
    void refusesWhatTheDecoderWouldReject() {
        assertThrows(IllegalArgumentException.class, () -> PlanEncoder.encode(new IsolationPlan(0,
                List.of(new Step.SetHostname("a\0b"), new Step.Exec("/x", List.of(), List.of())))));
        assertThrows(IllegalArgumentException.class, () -> PlanEncoder.encode(new IsolationPlan(0,
                List.of(new Step.Seccomp(0, new byte[7]), new Step.Exec("/x", List.of(), List.of())))));
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0, List.of(new Step.NoNewPrivs())));
        assertThrows(IllegalArgumentException.class, () -> new IsolationPlan(0x11,
                List.of(new Step.Exec("/x", List.of(), List.of()))));
    }
}
