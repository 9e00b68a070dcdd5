package dev.nucleus.linux.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nucleus.domain.rules.UserNamespacePlan;
import dev.nucleus.domain.spec.UsernsMode;
import dev.nucleus.domain.value.IdMapping;
import dev.nucleus.linux.net.HostTools;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which maps an unprivileged caller writes itself, and where the setuid helpers come from. */
class IdMapsTest {
    private static UserNamespacePlan plan(List<IdMapping> uids, List<IdMapping> gids) {
        return new UserNamespacePlan(true, UserNamespacePlan.Source.REQUESTED, UsernsMode.NOMAP, uids, gids);
    }

    @Test
    void onlyTheCallersOwnIdsAreWrittenWithoutAHelper() {
        assertTrue(IdMaps.ownIdsOnly(plan(List.of(new IdMapping(0, 1000, 1)), List.of(new IdMapping(0, 1000, 1))), 1000));
        assertFalse(IdMaps.ownIdsOnly(plan(List.of(new IdMapping(0, 1001, 1)), List.of(new IdMapping(0, 1000, 1))), 1000),
                "another user's uid");
        assertFalse(IdMaps.ownIdsOnly(plan(List.of(new IdMapping(0, 1000, 1), new IdMapping(1, 200_000, 10)),
                List.of(new IdMapping(0, 1000, 1))), 1000), "subordinate ids too");
        assertFalse(IdMaps.ownIdsOnly(plan(List.of(new IdMapping(0, 1000, 2)), List.of(new IdMapping(0, 1000, 1))), 1000));
    }

    /** The uidmap package is installed here (scripts/setup.sh), setuid root in /usr/bin. */
    @Test
    void theHelpersAreFoundOnlyWhereRootOwnsThem() {
        assertEquals(Optional.of(Path.of("/usr/bin/newuidmap")),
                HostTools.locate("newuidmap", HostTools.TRUSTED_DIRECTORIES));
        assertEquals(Optional.of(Path.of("/usr/bin/newgidmap")),
                HostTools.locate("newgidmap", HostTools.TRUSTED_DIRECTORIES));
        assertEquals(Optional.empty(), HostTools.locate("no-such-nucleus-helper", HostTools.TRUSTED_DIRECTORIES));
    }
}
