package dev.nucleus.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aLogFileInAnExistingDirectoryIsTaken() throws UsageException {
        String file = dir.resolve("nucleus.log").toString();
        assertEquals(Optional.of(file), GlobalSettings.empty().with(GlobalOption.LOG, file).get(GlobalOption.LOG));
    }

    @Test
    void aLogPathThatIsADirectoryIsRefused() {
        UsageException e = assertThrows(UsageException.class,
                () -> GlobalSettings.empty().with(GlobalOption.LOG, dir.toString()));
        assertEquals("--log " + dir + ": is a directory; name a file", e.getMessage());
    }

    @Test
    void aLogInAMissingDirectoryIsRefusedAndNothingIsMade() {
        Path missing = dir.resolve("no/such");
        UsageException e = assertThrows(UsageException.class,
                () -> GlobalSettings.empty().with(GlobalOption.LOG, missing.resolve("x.log").toString()));
        assertEquals("--log " + missing.resolve("x.log") + ": its directory " + missing + " does not exist",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("no")));
    }
}
