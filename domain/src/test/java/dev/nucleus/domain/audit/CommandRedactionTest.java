package dev.nucleus.domain.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Commands as the audit log shows them: every secret masked, everything else as given. */
class CommandRedactionTest {
    private static List<String> redact(String... argv) {
        return CommandRedaction.redact(Arrays.asList(argv));
    }

    @Test
    void aUrlsPasswordIsMaskedItsUserAndHostKept() {
        assertEquals(List.of("git", "clone", "https://me:***@git.example/r.git"),
                redact("git", "clone", "https://me:ghp_T0KEN@git.example/r.git"));
        assertEquals(List.of("sh", "-c", "curl https://u:***@a.example/x && psql postgres://db:***@h:5432/app"),
                redact("sh", "-c", "curl https://u:p4ss@a.example/x && psql postgres://db:pw@h:5432/app"));
        assertEquals(List.of("curl", "https://a.example:8443/p?x=1", "ssh://git@host/r", "mailto:a@b"),
                redact("curl", "https://a.example:8443/p?x=1", "ssh://git@host/r", "mailto:a@b"),
                "a port, a user without a password and no authority at all are kept");
        assertEquals(List.of("x", "a@b https://h/p@q"), redact("x", "a@b https://h/p@q"), "an @ outside the authority");
    }

    @Test
    void theValueAfterASecretFlagIsMasked() {
        assertEquals(List.of("app", "--token", "***", "--verbose"), redact("app", "--token", "abc", "--verbose"));
        assertEquals(List.of("app", "--password", "***"), redact("app", "--password", "hunter2"));
        assertEquals(List.of("login", "--secret", "***", "-u", "me"), redact("login", "--secret", "s3", "-u", "me"));
    }

    @Test
    void theValueOfASecretAssignmentIsMasked() {
        assertEquals(List.of("env", "PASSWORD=***", "run"), redact("env", "PASSWORD=x", "run"));
        assertEquals(List.of("client", "--api-key=***"), redact("client", "--api-key=k"));
        assertEquals(List.of("client", "--access-token=***", "--private-key=***"),
                redact("client", "--access-token=t", "--private-key=/k.pem"));
    }

    @Test
    void anAssignmentDoesNotMaskTheArgumentAfterIt() {
        assertEquals(List.of("cmd", "--token=***", "visible"), redact("cmd", "--token=abc", "visible"));
    }

    @Test
    void anAssignmentWhoseValueMerelyMentionsASecretIsKept() {
        assertEquals(List.of("cmd", "--mode=token", "next"), redact("cmd", "--mode=token", "next"));
    }

    @Test
    void shortFlagsThatNameNoSecretAreNotMasked() {
        assertEquals(List.of("mysql", "-p", "3306", "-u", "root"), redact("mysql", "-p", "3306", "-u", "root"));
    }

    @Test
    void secretWordsAreMatchedRegardlessOfCase() {
        assertEquals(List.of("app", "--TOKEN", "***"), redact("app", "--TOKEN", "abc"));
        assertEquals(List.of("app", "--Api-Key", "***"), redact("app", "--Api-Key", "k"));
        assertEquals(List.of("env", "Db_PassWord=***"), redact("env", "Db_PassWord=x"));
        assertEquals(List.of("env", "GITHUB_TOKEN=***"), redact("env", "GITHUB_TOKEN=ghp_x"));
    }

    @Test
    void everySecretWordIsRecognised() {
        for (String word : List.of("password", "passwd", "token", "secret", "key", "auth", "credential", "api-key",
                "apikey", "api_key", "access-token", "private-key")) {
            assertTrue(CommandRedaction.namesSecret("--" + word), word);
            assertEquals(List.of("x", "--" + word, "***"), redact("x", "--" + word, "value"), word);
            assertEquals(List.of("x", "--" + word + "=***"), redact("x", "--" + word + "=value"), word);
        }
    }

    @Test
    void anArgumentListWithoutSecretsIsUnchanged() {
        List<String> argv = List.of("/usr/bin/python3", "-m", "http.server", "--bind", "0.0.0.0", "8080", "A=B", "=x");
        assertEquals(argv, CommandRedaction.redact(argv));
        assertEquals(List.of(), CommandRedaction.redact(List.of()));
    }

    @Test
    void aSecretWordAsTheLastArgumentMasksNothingAfterIt() {
        assertEquals(List.of("app", "--verbose", "--token"), redact("app", "--verbose", "--token"));
        assertEquals(List.of("--password"), redact("--password"));
    }

    @Test
    void theInputIsNotModified() {
        List<String> argv = new java.util.ArrayList<>(List.of("app", "--token", "abc"));
        List<String> out = CommandRedaction.redact(argv);
        assertEquals(List.of("app", "--token", "abc"), argv);
        assertEquals(List.of("app", "--token", "***"), out);
    }

    @Test
    void aSecretFlagTakenAsTheValueOfAnotherStillMasksItsOwnValue() {
        // --no-auth is a switch here; the password after --password must not be shown either way
        List<String> out = redact("server", "--no-auth", "--password", "hunter2", "--port", "80");
        assertFalse(out.contains("hunter2"), out.toString());
        assertEquals(List.of("server", "--no-auth", "***", "***", "--port", "80"), out);
    }

    @Test
    void noSecretValueSurvivesTheMask() {
        String joined = String.join(" ", redact("deploy", "--token", "secret123", "API_KEY=k-999", "--auth", "tok"));
        assertFalse(joined.contains("secret123"), joined);
        assertFalse(joined.contains("k-999"), joined);
        assertFalse(joined.contains(" tok"), joined);
        assertEquals("deploy --token *** API_KEY=*** --auth ***", joined);
    }

    @Test
    void wireNamesAreSnakeCase() {
        assertEquals("container_start", AuditEvent.CONTAINER_START.wireName());
        assertEquals("mount_audit_failed", AuditEvent.MOUNT_AUDIT_FAILED.wireName());
        assertEquals("seccomp_denied", AuditEvent.SECCOMP_DENIED.wireName());
        assertEquals("no_new_privs_set", AuditEvent.NO_NEW_PRIVS_SET.wireName());
        for (AuditEvent e : AuditEvent.values()) {
            assertTrue(e.wireName().matches("[a-z]+(_[a-z]+)*"), e.wireName());
        }
    }

    @Test
    void recordsSayWhetherTheyAreErrors() {
        AuditRecord ok = AuditRecord.of("id1", "web", AuditEvent.CONTAINER_START, "d");
        AuditRecord bad = AuditRecord.failure("id1", "web", AuditEvent.CONTAINER_SETUP_FAILED, "why");
        assertFalse(ok.error());
        assertTrue(bad.error());
        assertEquals(new AuditRecord("id1", "web", AuditEvent.CONTAINER_SETUP_FAILED, "why", true), bad);
    }

    @Test
    void credentialsBehindAnAuthorizationSchemeAreMasked() {
        assertEquals(List.of("echo", "Authorization:", "***", "***"), redact("echo", "Authorization:", "Bearer", "BR6"));
        assertEquals(List.of("curl", "-H", "Authorization: ***", "http://x"),
                redact("curl", "-H", "Authorization: Bearer BR6", "http://x"));
        assertEquals(List.of("curl", "-H", "X-Api-Key: ***"), redact("curl", "-H", "X-Api-Key: k1"));
        assertEquals(List.of("curl", "--oauth2-bearer", "***"), redact("curl", "--oauth2-bearer", "t0k"));
        assertEquals(List.of("say", "use Basic *** here"), redact("say", "use Basic dXNlcjpw here"));
        assertEquals(List.of("curl", "-H", "Accept: text/plain"), redact("curl", "-H", "Accept: text/plain"));
    }
}
