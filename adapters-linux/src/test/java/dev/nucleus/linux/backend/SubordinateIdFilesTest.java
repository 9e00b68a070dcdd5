package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nucleus.domain.rules.Invoker;
import dev.nucleus.domain.rules.SubordinateIds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** subuid(5) lookups as newuidmap(1) makes them: by the caller's name first, then by its uid. */
class SubordinateIdFilesTest {
    private static final String PASSWD = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n"
            + "bob:x:1001:1001::/home/bob:/bin/sh\n";

    @TempDir
    Path etc;

    private Optional<SubordinateIds> lookup(long uid, String subuid, String subgid) throws IOException {
        Files.writeString(etc.resolve("passwd"), PASSWD);
        if (subuid != null) {
            Files.writeString(etc.resolve("subuid"), subuid);
        }
        if (subgid != null) {
            Files.writeString(etc.resolve("subgid"), subgid);
        }
        return new SubordinateIdFiles(etc).of(new Invoker(uid, uid));
    }

    @Test
    void theCallersNameWinsOverItsUidAndTheFirstLineWins() throws IOException {
        String subuid = "1000:500000:10\nbob:100000:65536\nalice:200000:65536\nalice:900000:65536\n";
        assertEquals(Optional.of(new SubordinateIds(200_000, 65_536, 300_000, 1000)),
                lookup(1000, subuid, "alice:300000:1000\n"));
    }

    @Test
    void aUidLineServesACallerWithoutANameLine() throws IOException {
        assertEquals(Optional.of(new SubordinateIds(500_000, 10, 600_000, 20)),
                lookup(1000, "bob:1:2\n1000:500000:10\n", "1000:600000:20\n"));
        assertEquals(Optional.of(new SubordinateIds(700_000, 5, 700_000, 5)),
                lookup(4242, "4242:700000:5\n", "4242:700000:5\n"), "a uid no passwd line names");
    }

    @Test
    void malformedAndImpossibleRangesArePassedOver() throws IOException {
        String subuid = "# comment\n\nalice\nalice:x:10\nalice:0:10\nalice:4294967290:100\nalice:1:0\nalice:300000:7\n";
        assertEquals(Optional.of(new SubordinateIds(300_000, 7, 300_000, 7)),
                lookup(1000, subuid, "alice:300000:7\n"));
    }

    @Test
    void bothFilesMustGiveARange() throws IOException {
        assertEquals(Optional.empty(), lookup(1000, "alice:200000:65536\n", null), "no /etc/subgid");
        assertEquals(Optional.empty(), lookup(1000, "alice:200000:65536\n", "bob:200000:65536\n"));
        assertEquals(Optional.empty(), lookup(1000, null, null));
    }
}
