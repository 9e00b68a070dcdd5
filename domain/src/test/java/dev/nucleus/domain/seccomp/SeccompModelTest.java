package dev.nucleus.domain.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompModelTest {

    @Test
    void actionsCarryDataOnlyWhereTheKernelHasSome() {
        assertEquals(38, SeccompAction.errno(38).data());
        assertEquals(65535, SeccompAction.trace(65535).data());
        assertThrows(IllegalArgumentException.class, () -> SeccompAction.errno(4096));
        assertThrows(IllegalArgumentException.class, () -> SeccompAction.errno(-1));
        assertThrows(IllegalArgumentException.class, () -> SeccompAction.trace(65536));
        assertThrows(IllegalArgumentException.class, () -> new SeccompAction(SeccompAction.Kind.ALLOW, 1));
        assertThrows(IllegalArgumentException.class, () -> SeccompAction.of(SeccompAction.Kind.ERRNO));
        for (SeccompAction.Kind kind : SeccompAction.Kind.values()) {
            if (!kind.hasData()) {
                assertEquals(kind, SeccompAction.of(kind).kind());
            }
        }
    }

    @Test
    void unconditionalNamesAreThoseWithOneUnconditionalRuleOfTheAction() {
        SeccompProfile p = new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(SeccompArchitecture.X86_64), List.of(
                SyscallRule.of("read", SeccompAction.ALLOW),
                SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.eq(1, 1)),
                SyscallRule.of("write", SeccompAction.ALLOW),
                SyscallRule.of("socket", SeccompAction.ALLOW),
                SyscallRule.of("socket", SeccompAction.ALLOW, ArgCondition.eq(0, 1)),
                SyscallRule.of("clone3", SeccompAction.errno(38)),
                SyscallRule.of("close", SeccompAction.ALLOW)));
        assertEquals(List.of("read", "write", "close"), List.copyOf(p.unconditionalNames(SeccompAction.ALLOW)));
        assertEquals(List.of("clone3"), List.copyOf(p.unconditionalNames(SeccompAction.errno(38))));
        assertEquals(List.of(), List.copyOf(p.unconditionalNames(SeccompAction.LOG)));
    }

    @Test
    void conditionsValidateIndexAndValueTwo() {
        assertThrows(IllegalArgumentException.class, () -> ArgCondition.eq(6, 0));
        assertThrows(IllegalArgumentException.class, () -> ArgCondition.eq(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ArgCondition(0, ArgCondition.Op.EQ, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> ArgCondition.low32Eq(0, 0x1_0000_0000L));
        assertEquals(new ArgCondition(1, ArgCondition.Op.MASKED_EQ, 0xFFFF_FFFFL, 0x5413),
                ArgCondition.low32Eq(1, 0x5413));
        assertEquals("(arg1 & 0xffffffff) == 0x5413", ArgCondition.low32Eq(1, 0x5413).toString());
    }

    @Test
    void rulesValidateNamesAndConditionCount() {
        assertThrows(IllegalArgumentException.class, () -> SyscallRule.of("Read", SeccompAction.ALLOW));
        assertThrows(IllegalArgumentException.class, () -> SyscallRule.of("", SeccompAction.ALLOW));
        assertThrows(IllegalArgumentException.class, () -> SyscallRule.of("read;rm", SeccompAction.ALLOW));
        assertThrows(IllegalArgumentException.class, () -> SyscallRule.of("read", null));
        ArgCondition[] seven = new ArgCondition[7];
        Arrays.fill(seven, ArgCondition.eq(0, 0));
        assertThrows(IllegalArgumentException.class, () -> SyscallRule.of("read", SeccompAction.ALLOW, seven));
        assertTrue(SyscallRule.of("read", SeccompAction.ALLOW).unconditional());
    }

    @Test
    void profileIsImmutableAndDeduplicatesArchitectures() {
        var rules = new java.util.ArrayList<>(List.of(SyscallRule.of("read", SeccompAction.ALLOW)));
        SeccompProfile p = new SeccompProfile(SeccompAction.KILL_PROCESS,
                List.of(SeccompArchitecture.X86_64, SeccompArchitecture.X86_64), rules);
        rules.clear();
        assertEquals(1, p.rules().size());
        assertEquals(List.of(SeccompArchitecture.X86_64), p.architectures());
        assertEquals("SCMP_ARCH_X86_64", SeccompArchitecture.X86_64.ociName());
    }

    @Test
    void conflictingRulesAreRefusedDuplicatesAllowed() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SeccompProfile(SeccompAction.KILL_PROCESS,
                List.of(), List.of(SyscallRule.of("write", SeccompAction.ALLOW), SyscallRule.of("write", SeccompAction.errno(1)))));
        assertTrue(e.getMessage().contains("write: ALLOW and ERRNO(1)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(),
                List.of(SyscallRule.of("close", SeccompAction.ALLOW, ArgCondition.eq(0, 1)),
                        SyscallRule.of("close", SeccompAction.LOG, ArgCondition.eq(0, 1)))));
        SeccompProfile ok = new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(),
                List.of(SyscallRule.of("close", SeccompAction.ALLOW, ArgCondition.eq(0, 1)),
                        SyscallRule.of("close", SeccompAction.LOG, ArgCondition.eq(0, 2)),
                        SyscallRule.of("close", SeccompAction.LOG, ArgCondition.eq(0, 2))));
        assertEquals(3, ok.rules().size());
    }

    @Test
    void canonicalEncodingSeesEveryField() {
        SeccompProfile base = profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctl", SeccompAction.ALLOW,
                ArgCondition.low32Eq(1, 0x5413)));
        List<SeccompProfile> variants = List.of(
                profile(SeccompAction.KILL_THREAD, SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.low32Eq(1, 0x5413))),
                profile(SeccompAction.errno(1), SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.low32Eq(1, 0x5413))),
                profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctm", SeccompAction.ALLOW, ArgCondition.low32Eq(1, 0x5413))),
                profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctl", SeccompAction.LOG, ArgCondition.low32Eq(1, 0x5413))),
                profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.low32Eq(2, 0x5413))),
                profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.low32Eq(1, 0x5414))),
                profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.maskedEq(1, 0xFFFF, 0x5413))),
                profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctl", SeccompAction.ALLOW)),
                new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(SeccompArchitecture.AARCH64), base.rules()));
        byte[] baseBytes = base.canonicalEncoding();
        assertTrue(Arrays.equals(baseBytes, profile(SeccompAction.KILL_PROCESS, SyscallRule.of("ioctl",
                SeccompAction.ALLOW, ArgCondition.low32Eq(1, 0x5413))).canonicalEncoding()));
        for (SeccompProfile v : variants) {
            assertFalse(Arrays.equals(baseBytes, v.canonicalEncoding()), v.toString());
        }
    }

    /** The layout, byte for byte, as it was written with a ByteBuffer (stored programs stay valid). */
    @Test
    void canonicalEncodingIsTheByteBufferLayout() {
        for (SeccompProfile p : List.of(DefaultSeccompProfile.forRequest(false, false),
                DefaultSeccompProfile.forRequest(true, true),
                new SeccompProfile(SeccompAction.errno(38), List.of(SeccompArchitecture.X86_64, SeccompArchitecture.AARCH64),
                        List.of(SyscallRule.of("ioctl", SeccompAction.ALLOW, ArgCondition.maskedEq(1, 0xFFFF_FFFF_0000L, 0x5413)),
                                SyscallRule.of("personality", SeccompAction.LOG, ArgCondition.eq(0, -1L))))))  {
            assertTrue(Arrays.equals(byByteBuffer(p), p.canonicalEncoding()), p.toString());
        }
    }

    private static byte[] byByteBuffer(SeccompProfile p) {
        List<byte[]> names = p.rules().stream().map(r -> r.name().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        int size = 4 + 4 + 8 + 4 + 4 * p.architectures().size() + 4;
        for (int i = 0; i < p.rules().size(); i++) {
            size += 4 + names.get(i).length + 8 + 4 + 24 * p.rules().get(i).conditions().size();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(size);
        b.putInt(0x4E534350).putInt(SeccompProfile.ENCODING_VERSION);
        b.putInt(p.defaultAction().kind().ordinal()).putInt(p.defaultAction().data());
        b.putInt(p.architectures().size());
        p.architectures().forEach(a -> b.putInt(a.ordinal()));
        b.putInt(p.rules().size());
        for (int i = 0; i < p.rules().size(); i++) {
            SyscallRule rule = p.rules().get(i);
            b.putInt(names.get(i).length).put(names.get(i));
            b.putInt(rule.action().kind().ordinal()).putInt(rule.action().data());
            b.putInt(rule.conditions().size());
            for (ArgCondition c : rule.conditions()) {
                b.putInt(c.index()).putInt(c.op().ordinal()).putLong(c.value()).putLong(c.valueTwo());
            }
        }
        return b.array();
    }

    private static SeccompProfile profile(SeccompAction defaultAction, SyscallRule rule) {
        return new SeccompProfile(defaultAction, List.of(SeccompArchitecture.X86_64), List.of(rule));
    }
}
