package dev.nucleus.linux.jni;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JNI contract of the seccomp compiler, against the real libseccomp. */
class NativeSeccompTest {
    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};

    private static NativeSeccomp.Compiled allow(String... names) {
        int[] actions = new int[names.length];
        java.util.Arrays.fill(actions, NativeSeccomp.ACT_ALLOW);
        return NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0, names, actions, new int[names.length],
                new int[names.length + 1], NO_LONGS);
    }

    @Test
    void compilesToWholeSockFilterInstructionsEndingInAReturn() {
        byte[] program = allow("read", "write", "exit_group").program();
        assertEquals(0, program.length % NativeSeccomp.INSTRUCTION_BYTES);
        ByteBuffer b = ByteBuffer.wrap(program).order(ByteOrder.nativeOrder());
        // first instruction loads seccomp_data.arch (BPF_LD|BPF_W|BPF_ABS, k = 4)
        assertEquals(0x20, b.getShort(0) & 0xFFFF);
        assertEquals(4, b.getInt(4));
        // last instruction is a BPF_RET
        int last = program.length - NativeSeccomp.INSTRUCTION_BYTES;
        assertEquals(0x06, b.getShort(last) & 0x07);
    }

    @Test
    void sameTableGivesIdenticalBytes() {
        assertArrayEquals(allow("read", "write").program(), allow("read", "write").program());
    }

    @Test
    void unknownNamesAreSkippedAndReported() {
        NativeSeccomp.Compiled c = allow("read", "no_such_syscall", "socketcall", "no_such_syscall");
        assertEquals(List.of("no_such_syscall", "socketcall"), c.unknownSyscalls());
        assertArrayEquals(allow("read").program(), c.program());
    }

    @Test
    void conditionsAreEncodedFourLongsEach() {
        NativeSeccomp.Compiled c = NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0,
                new String[] {"ioctl", "clone3"},
                new int[] {NativeSeccomp.ACT_ALLOW, NativeSeccomp.ACT_ERRNO}, new int[] {0, 38},
                new int[] {0, 1, 1}, new long[] {1, NativeSeccomp.CMP_MASKED_EQ, 0xFFFF_FFFFL, 0x5413});
        assertTrue(c.unknownSyscalls().isEmpty());
        assertTrue(c.program().length > allow("ioctl").program().length);
    }

    @Test
    void libseccompRefusalNamesTheSyscallAndTheError() {
        NativeSeccomp.CompileException e = assertThrows(NativeSeccomp.CompileException.class,
                () -> NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0, new String[] {"read"},
                        new int[] {NativeSeccomp.ACT_KILL_PROCESS}, new int[] {0}, new int[] {0, 0}, NO_LONGS));
        assertTrue(e.getMessage().contains("seccomp_rule_add_array(read"), e.getMessage());
        assertTrue(e.getMessage().contains("default action"), e.getMessage());
    }

    @Test
    void invalidActionsAndComparisonsAreRefusedByTheCSide() {
        var badAction = assertThrows(NativeSeccomp.CompileException.class,
                () -> NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0, new String[] {"read"},
                        new int[] {99}, new int[] {0}, new int[] {0, 0}, NO_LONGS));
        assertTrue(badAction.getMessage().contains("(read)"), badAction.getMessage());
        var badOp = assertThrows(NativeSeccomp.CompileException.class,
                () -> NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0, new String[] {"read"},
                        new int[] {NativeSeccomp.ACT_ALLOW}, new int[] {0}, new int[] {0, 1}, new long[] {0, 9, 0, 0}));
        assertTrue(badOp.getMessage().contains("(read)"), badOp.getMessage());
        assertThrows(NativeSeccomp.CompileException.class, () -> NativeSeccomp.compile(NativeSeccomp.ACT_ERRNO, 5000,
                new String[0], NO_INTS, NO_INTS, new int[] {0}, NO_LONGS));
    }

    @Test
    void inconsistentArraysAreRefusedBeforeNativeCode() {
        assertThrows(IllegalArgumentException.class, () -> NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0,
                new String[] {"read"}, NO_INTS, new int[] {0}, new int[] {0, 0}, NO_LONGS));
        assertThrows(IllegalArgumentException.class, () -> NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0,
                new String[] {"read"}, new int[] {6}, new int[] {0}, new int[] {0, 1}, NO_LONGS));
        assertThrows(IllegalArgumentException.class, () -> NativeSeccomp.compile(NativeSeccomp.ACT_KILL_PROCESS, 0,
                new String[] {"read"}, new int[] {6}, new int[] {0}, new int[] {0, 7}, new long[28]));
    }
}
