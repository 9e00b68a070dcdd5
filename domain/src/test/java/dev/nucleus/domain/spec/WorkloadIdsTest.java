package dev.nucleus.domain.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nucleus.domain.value.InvalidValueException;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class WorkloadIdsTest {
    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            postgres:x:104:108:PostgreSQL:/var/lib/postgresql:/bin/sh
            """;
    private static final String GROUP = """
            root:x:0:
            ssl-cert:x:103:postgres
            postgres:x:108:
            video:x:44:alice,postgres,bob
            staff:x:50:alice
            """;

    private static WorkloadIds.AccountTexts files(String passwd, String group) {
        return WorkloadIds.AccountTexts.of(passwd, group);
    }

    private static Identity identity(String user, String group, String... additional) {
        return new Identity(Optional.ofNullable(user), Optional.ofNullable(group), List.of(additional));
    }

    @Test
    void aNamedUserGetsItsPrimaryGroupAndTheGroupsThatListIt() throws InvalidValueException {
        WorkloadIds ids = WorkloadIds.resolve(identity("postgres", null), files(PASSWD, GROUP), 0, 0);
        assertEquals(new WorkloadIds(104, 108, List.of(103L, 44L), List.of()), ids);
        assertEquals(List.of(103L, 44L), ids.groups());
        assertEquals(List.of(44L), ids.keepingMemberships(g -> g < 100).groups());
    }

    @Test
    void additionalGroupsFollowTheMembershipsOnceEach() throws InvalidValueException {
        WorkloadIds ids = WorkloadIds.resolve(identity("postgres", "0", "video", "staff", "7"),
                files(PASSWD, GROUP), 0, 0);
        assertEquals(List.of(103L, 44L, 50L, 7L), ids.groups());
        assertEquals(List.of(44L, 50L, 7L), ids.keepingMemberships(g -> false).groups(), "asked for: kept");
    }

    @Test
    void numericIdsNeedNoFiles() throws InvalidValueException {
        assertEquals(new WorkloadIds(1000, 1000, List.of(), List.of(5L)),
                WorkloadIds.resolve(identity("1000", "1000", "5"), files(null, null), 0, 0));
        assertEquals(new WorkloadIds(1000, 1000, List.of(), List.of()),
                WorkloadIds.resolve(identity("1000", null), files(null, null), 0, 0), "a numeric user's own gid");
    }

    @Test
    void withoutUserTheDefaultsRun() throws InvalidValueException {
        assertEquals(new WorkloadIds(1234, 99, List.of(), List.of()),
                WorkloadIds.resolve(identity(null, null), files(null, null), 1234, 99));
    }

    @Test
    void unknownNamesNameTheFlagAndTheFile() {
        InvalidValueException user = assertThrows(InvalidValueException.class,
                () -> WorkloadIds.resolve(identity("bogus", null), files(PASSWD, GROUP), 0, 0));
        assertEquals("--user bogus: no such user in the container's /etc/passwd (use a numeric id, or add the user"
                + " to the rootfs)", user.getMessage());
        InvalidValueException group = assertThrows(InvalidValueException.class,
                () -> WorkloadIds.resolve(identity("0", "0", "nope"), files(PASSWD, GROUP), 0, 0));
        assertEquals("--additional-group nope: no such group in the container's /etc/group (use a numeric id,"
                + " or add the group to the rootfs)", group.getMessage());
    }

    @Test
    void aRootWithoutTheFileSaysSo() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> WorkloadIds.resolve(identity("nobody", null), files(null, GROUP), 0, 0));
        assertEquals("--user nobody: the container's root has no /etc/passwd to look the name up in (use a numeric id)",
                e.getMessage());
    }
}
