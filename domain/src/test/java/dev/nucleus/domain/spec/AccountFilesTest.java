package dev.nucleus.domain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class AccountFilesTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/bash
            broken:x:notanumber:1::/:/bin/sh
            short:x:5
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            nobody:x:1:1:second line, never reached:/:/bin/sh
            """;
    private static final String GROUP = """
            root:x:0:
            staff:x:50:alice,bob
            bad:x:
            nogroup:x:65534:
            """;

    @Test
    void usersAreFoundByTheFirstLineWithTheirNameAsLibcFindsThem() {
        assertEquals(Optional.of(new AccountFiles.Account(65534, 65534)), AccountFiles.user(PASSWD, "nobody"));
        assertEquals(Optional.of(new AccountFiles.Account(0, 0)), AccountFiles.user(PASSWD, "root"));
        assertEquals(Optional.empty(), AccountFiles.user(PASSWD, "alice"));
        assertEquals(Optional.empty(), AccountFiles.user(PASSWD, "broken"), "a malformed uid is no entry");
        assertEquals(Optional.empty(), AccountFiles.user(PASSWD, "short"), "too few fields is no entry");
        assertEquals(Optional.empty(), AccountFiles.user(PASSWD, "x"), "a name is the first field only");
    }

    @Test
    void groupsAreFoundByName() {
        assertEquals(OptionalLong.of(50), AccountFiles.group(GROUP, "staff"));
        assertEquals(OptionalLong.of(65534), AccountFiles.group(GROUP, "nogroup"));
        assertEquals(OptionalLong.empty(), AccountFiles.group(GROUP, "bad"));
        assertEquals(OptionalLong.empty(), AccountFiles.group(GROUP, "alice"), "members are not groups");
        assertEquals(OptionalLong.empty(), AccountFiles.group("", "root"));
    }

    @Test
    void membershipsAreTheGroupsListingTheUserInFileOrder() {
        String group = """
                staff:x:50:alice,bob
                wheel:x:10:bob
                broken:x:nan:bob
                again:x:50:bob
                bobby:x:7:bobby
                """;
        assertEquals(java.util.List.of(50L, 10L), AccountFiles.memberOf(group, "bob"));
        assertEquals(java.util.List.of(), AccountFiles.memberOf(group, "carol"));
    }
}
