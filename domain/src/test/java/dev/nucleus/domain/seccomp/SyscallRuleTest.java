package dev.nucleus.domain.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SyscallRuleTest {
    /** The rule the hand-written check implements. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,63}");

    @ParameterizedTest
    @ValueSource(strings = {"read", "_llseek", "pread64", "x", "_", "a0", "0read", "Read", "read-2", "", "rea d", "é",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm"})
    void namesAreCheckedAsTheRegularExpressionSays(String name) {
        assertEquals(NAME.matcher(name).matches(), SyscallRule.isSyscallName(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0read", "Read", "", "rea d"})
    void aRuleWithABadNameIsRefusedNamingIt(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyscallRule.of(name, SeccompAction.ALLOW));
        assertEquals("a syscall name is lower-case letters, digits and '_' (at most 64), got '" + name + "'",
                e.getMessage());
    }
}
