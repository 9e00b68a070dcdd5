package dev.nucleus.cli.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.junit.jupiter.api.Test;

/** `seccomp generate` says why a file could not be used, not just its path (NIO's bare message). */
class SeccompGenerateReasonTest {
    @Test
    void eachFailureIsNamed() {
        assertEquals("no such file or directory", dev.nucleus.linux.sys.FileErrors.reason(new NoSuchFileException("/x/p.json")));
        assertEquals("permission denied", dev.nucleus.linux.sys.FileErrors.reason(new AccessDeniedException("/x/p.json")));
        assertEquals("Too many levels of symbolic links", dev.nucleus.linux.sys.FileErrors.reason(
                new FileSystemException("/x/p.json", null, "Too many levels of symbolic links")));
    }
}
