package dev.nucleus.domain.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** An exact id, else a unique name, else a unique id prefix; anything else is refused with what matched. */
class ContainerLookupTest {

    private static ContainerState container(String id, String name) {
        return ContainerState.creating(new ContainerFacts(id, name, 1000, 1, List.of("/bin/sh"), "standard",
                "native", "/", false, Map.of()));
    }

    private static final String WEB_ID = "abc1230000000000000000000000000a";
    private static final String DB_ID = "abc4560000000000000000000000000b";
    private static final String CACHE_ID = "def7890000000000000000000000000c";

    private final ContainerState web = container(WEB_ID, "web");
    private final ContainerState db = container(DB_ID, "db");
    private final ContainerState cache = container(CACHE_ID, "cache");

    @Test
    void anExactIdWinsOverANameEqualToIt() throws Exception {
        // a container whose name is another container's full id: the id means that other container
        ContainerState impostor = container("ffff0000000000000000000000000001", WEB_ID);
        List<ContainerState> states = List.of(impostor, web, db);

        assertSame(web, ContainerLookup.find(states, WEB_ID));
    }

    @Test
    void aNameWinsOverAnIdPrefix() throws Exception {
        // "abc" prefixes two ids (which alone would be ambiguous) but is also exactly one name
        ContainerState named = container("0000000000000000000000000000000d", "abc");
        List<ContainerState> states = List.of(web, db, named);

        assertSame(named, ContainerLookup.find(states, "abc"));
    }

    @Test
    void findsAUniqueName() throws Exception {
        List<ContainerState> states = List.of(web, db, cache);

        assertSame(db, ContainerLookup.find(states, "db"));
        assertSame(cache, ContainerLookup.find(states, "cache"));
    }

    @Test
    void findsAUniqueIdPrefix() throws Exception {
        List<ContainerState> states = List.of(web, db, cache);

        assertSame(web, ContainerLookup.find(states, "abc1"));
        assertSame(cache, ContainerLookup.find(states, "d"));
        assertSame(db, ContainerLookup.find(states, db.facts().shortId()));
    }

    @Test
    void refusesAnAmbiguousPrefixListingTheShortIds() {
        List<ContainerState> states = List.of(web, db, cache);

        ContainerLookup.NotFound e = assertThrows(ContainerLookup.NotFound.class,
                () -> ContainerLookup.find(states, "abc"));

        assertEquals("'abc' matches 2 containers (abc123000000, abc456000000); give more of the id", e.getMessage());
        assertFalse(e.getMessage().contains(cache.facts().shortId()), e.getMessage());
    }

    @Test
    void refusesADuplicatedNameListingTheShortIds() {
        ContainerState otherWeb = container("1230000000000000000000000000000e", "web");
        List<ContainerState> states = List.of(web, db, otherWeb);

        ContainerLookup.NotFound e = assertThrows(ContainerLookup.NotFound.class,
                () -> ContainerLookup.find(states, "web"));

        assertTrue(e.getMessage().startsWith("'web' matches 2 containers"), e.getMessage());
        assertTrue(e.getMessage().contains(web.facts().shortId()), e.getMessage());
        assertTrue(e.getMessage().contains(otherWeb.facts().shortId()), e.getMessage());
        assertFalse(e.getMessage().contains(db.facts().shortId()), e.getMessage());
    }

    @Test
    void refusesNoMatchNamingTheReference() {
        List<ContainerState> states = List.of(web, db, cache);

        ContainerLookup.NotFound e = assertThrows(ContainerLookup.NotFound.class,
                () -> ContainerLookup.find(states, "nginx"));

        assertTrue(e.getMessage().contains("'nginx'"), e.getMessage());
        assertTrue(e.getMessage().startsWith("no container"), e.getMessage());
    }

    @Test
    void findsNothingAmongNoContainers() {
        assertThrows(ContainerLookup.NotFound.class, () -> ContainerLookup.find(List.of(), "abc"));
    }
}
