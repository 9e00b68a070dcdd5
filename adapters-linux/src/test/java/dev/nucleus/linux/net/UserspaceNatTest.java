package dev.nucleus.linux.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.linux.state.ProcStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whether the slirp4netns recorded in a state directory is still that very process. */
class UserspaceNatTest {
    /** Above any pid_max (at most 2^22), so never a running process. */
    private static final long NO_SUCH_PID = Integer.MAX_VALUE;

    @TempDir
    Path dir;
    long pid;
    long start;

    @BeforeEach
    void currentProcess() {
        pid = ProcessHandle.current().pid();
        start = ProcStart.of(pid).orElseThrow();
    }

    private void pidFile(String content) throws IOException {
        Files.writeString(dir.resolve("pid"), content);
    }

    @Test
    void theRecordedProcessWithItsStartTimeIsLive() throws IOException {
        pidFile(pid + " " + start + "\n");
        assertEquals(OptionalLong.of(pid), UserspaceNat.livePid(dir));
    }

    @Test
    void withoutTheTrailingNewlineToo() throws IOException {
        pidFile(pid + " " + start);
        assertEquals(OptionalLong.of(pid), UserspaceNat.livePid(dir));
    }

    @Test
    void aDifferentStartTimeIsAnotherProcessUnderARecycledPid() throws IOException {
        pidFile(pid + " " + (start + 1) + "\n");
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
        pidFile(pid + " " + (start - 1) + "\n");
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
        pidFile(pid + " 0\n");
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
    }

    @Test
    void aProcessThatIsGoneIsNotLive() throws IOException {
        pidFile(NO_SUCH_PID + " " + start + "\n");
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
        // What the writer records when it could not read the start time.
        pidFile(NO_SUCH_PID + " 0\n");
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
    }

    @Test
    void aGoneProcessIsNotLiveWhateverStartTimeTheFileClaims() throws IOException {
        pidFile(NO_SUCH_PID + " -1\n");
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
    }

    @Test
    void noPidFileIsNotLive() {
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
    }

    @Test
    void noDirectoryIsNotLive() {
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir.resolve("gone")));
    }

    @Test
    void aDirectoryInsteadOfAPidFileIsNotLive() throws IOException {
        Files.createDirectory(dir.resolve("pid"));
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "\n", "   ", "abc", "abc def", "PID START", "12x 34", "1.5 2", "SELF",
        "SELF x", "SELF  START", "x START", "SELF,START", "SELF\tSTART"})
    void aGarbledPidFileIsNotLive(String template) throws IOException {
        pidFile(template.replace("SELF", Long.toString(pid)).replace("START", Long.toString(start)));
        assertEquals(OptionalLong.empty(), UserspaceNat.livePid(dir));
    }

    @Test
    void theKindIsUserspace() {
        assertEquals("userspace", new UserspaceNat(dir).kind());
    }
}
