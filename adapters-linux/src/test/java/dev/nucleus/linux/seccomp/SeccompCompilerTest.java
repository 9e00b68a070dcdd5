package dev.nucleus.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.seccomp.ArgCondition;
import dev.nucleus.domain.seccomp.DefaultSeccompProfile;
import dev.nucleus.domain.seccomp.SeccompAction;
import dev.nucleus.domain.seccomp.SeccompArchitecture;
import dev.nucleus.domain.seccomp.SeccompProfile;
import dev.nucleus.domain.seccomp.SyscallRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compilation and caching against the real libseccomp (enforcement: SeccompEnforcementTest). */
class SeccompCompilerTest {

    @Test
    void sameProfileCompiledTwiceGivesIdenticalBytes() {
        SeccompProfile profile = DefaultSeccompProfile.forRequest(false, false);
        byte[] first = new SeccompCompiler().bpf(profile);
        byte[] second = new SeccompCompiler().bpf(DefaultSeccompProfile.forRequest(false, false));
        assertArrayEquals(first, second);
    }

    @Test
    void cacheCompilesOncePerProfileAndHandsOutCopies() {
        SeccompCompiler compiler = new SeccompCompiler();
        SeccompCompiler.Program a = compiler.compile(DefaultSeccompProfile.forRequest(true, false));
        SeccompCompiler.Program b = compiler.compile(DefaultSeccompProfile.forRequest(true, false));
        assertSame(a, b);
        assertEquals(1, compiler.compilations());
        assertArrayEquals(a.bpf(), b.bpf());
        byte[] copy = a.bpf();
        assertNotSame(copy, a.bpf());
        copy[0] ^= 1;
        assertFalse(Arrays.equals(copy, a.bpf()), "callers cannot change the cached program");

        compiler.compile(DefaultSeccompProfile.forRequest(false, false));
        assertEquals(2, compiler.compilations());
        compiler.compile(DefaultSeccompProfile.forRequest(false, false));
        assertEquals(2, compiler.compilations());
    }

    @Test
    void cacheKeyIsTheSha256OfTheCanonicalEncoding() {
        SeccompProfile offline = DefaultSeccompProfile.forRequest(false, false);
        String key = SeccompCompiler.cacheKey(offline);
        assertTrue(key.matches("[0-9a-f]{64}"), key);
        assertEquals(key, SeccompCompiler.cacheKey(DefaultSeccompProfile.forRequest(false, false)));
        assertNotEquals(key, SeccompCompiler.cacheKey(DefaultSeccompProfile.forRequest(true, false)));
        assertNotEquals(key, SeccompCompiler.cacheKey(DefaultSeccompProfile.forRequest(false, true)));
        assertEquals(key, new SeccompCompiler().compile(offline).key());
    }

    @Test
    void defaultProfilesUseOnlySyscallsLibseccompKnowsAndFitTheKernelLimit() {
        for (boolean networked : new boolean[] {false, true}) {
            for (boolean gpu : new boolean[] {false, true}) {
                SeccompCompiler.Program p = new SeccompCompiler().compile(DefaultSeccompProfile.forRequest(networked, gpu));
                assertEquals(List.of(), p.unknownSyscalls(), "networked=" + networked + " gpu=" + gpu);
                assertTrue(p.instructions() > 0 && p.instructions() <= 4096, p.instructions() + " instructions");
            }
        }
        assertNotEquals(new SeccompCompiler().compile(DefaultSeccompProfile.forRequest(false, false)).instructions(),
                new SeccompCompiler().compile(DefaultSeccompProfile.forRequest(true, false)).instructions());
    }

    @Test
    void unknownNamesAreSkippedNotFatal() {
        SeccompProfile p = new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(SeccompArchitecture.X86_64),
                List.of(SyscallRule.of("read", SeccompAction.ALLOW), SyscallRule.of("no_such_call", SeccompAction.ALLOW),
                        SyscallRule.of("socketcall", SeccompAction.ALLOW)));
        assertEquals(List.of("no_such_call", "socketcall"), new SeccompCompiler().compile(p).unknownSyscalls());
    }

    @Test
    void rulesWithTheDefaultActionAreDroppedAsNoOps() {
        List<SyscallRule> rules = new ArrayList<>(List.of(SyscallRule.of("read", SeccompAction.ALLOW)));
        SeccompProfile plain = new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(), rules);
        rules.add(SyscallRule.of("ptrace", SeccompAction.KILL_PROCESS));
        SeccompProfile redundant = new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(), rules);
        assertArrayEquals(new SeccompCompiler().bpf(plain), new SeccompCompiler().bpf(redundant));
    }

    @Test
    void everyActionAndComparisonCompiles() {
        List<SyscallRule> rules = List.of(
                SyscallRule.of("read", SeccompAction.ALLOW, new ArgCondition(0, ArgCondition.Op.NE, 3, 0)),
                SyscallRule.of("write", SeccompAction.LOG, new ArgCondition(0, ArgCondition.Op.LT, 3, 0)),
                SyscallRule.of("close", SeccompAction.TRAP, new ArgCondition(0, ArgCondition.Op.LE, 3, 0)),
                SyscallRule.of("dup", SeccompAction.errno(1), new ArgCondition(0, ArgCondition.Op.GE, 3, 0)),
                SyscallRule.of("dup2", SeccompAction.trace(7), new ArgCondition(0, ArgCondition.Op.GT, 3, 0)),
                SyscallRule.of("dup3", SeccompAction.KILL_THREAD, ArgCondition.eq(0, 3)),
                SyscallRule.of("getpid", SeccompAction.NOTIFY, ArgCondition.maskedEq(0, 0xF0, 0x10)));
        SeccompProfile p = new SeccompProfile(SeccompAction.errno(1), List.of(SeccompArchitecture.X86_64), rules);
        assertTrue(new SeccompCompiler().compile(p).instructions() > rules.size());
    }

    @Test
    void profilesWithoutX86_64AreRefused() {
        SeccompProfile arm = new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(SeccompArchitecture.AARCH64),
                List.of(SyscallRule.of("read", SeccompAction.ALLOW)));
        var e = assertThrows(IllegalArgumentException.class, () -> new SeccompCompiler().compile(arm));
        assertTrue(e.getMessage().contains("SCMP_ARCH_AARCH64"), e.getMessage());
    }

    @Test
    void libseccompErrorsNameTheSyscall() {
        // libseccomp 2.5 refuses two comparisons on the same argument in one rule (EINVAL).
        SeccompProfile sameArgTwice = new SeccompProfile(SeccompAction.KILL_PROCESS, List.of(),
                List.of(SyscallRule.of("read", SeccompAction.ALLOW, ArgCondition.eq(0, 1), ArgCondition.eq(0, 2))));
        var e = assertThrows(IllegalStateException.class, () -> new SeccompCompiler().compile(sameArgTwice));
        assertTrue(e.getMessage().contains("seccomp_rule_add_array(read"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid argument"), e.getMessage());
    }

    @Test
    void sharedCompilerIsOnePerJvm() {
        assertSame(SeccompCompiler.shared(), SeccompCompiler.shared());
    }
}
