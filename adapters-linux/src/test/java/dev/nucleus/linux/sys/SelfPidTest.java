package dev.nucleus.linux.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SelfPidTest {
    @Test
    void isTheJdksPidOfThisProcess() {
        assertEquals(ProcessHandle.current().pid(), SelfPid.get());
    }
}
