package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
    private static final String LABEL_63 = "a".repeat(63);

    // --- the default host name (a container's name, made into a host name when it is not one)

    @ParameterizedTest(name = "container name \"{0}\" is host name \"{1}\"")
    @CsvSource({"web-1, web-1", "api.internal, api.internal", "MyBox, MyBox", "0123456789ab, 0123456789ab",
            "my_box, my-box", "My_Box, my-box", "my.box_1, my-box-1", "_web_, web", "a..b, a--b", "-leading, leading",
            ".hidden, hidden", "..., fallback0001", "_, fallback0001", "x., x"})
    void theDefaultHostNameIsTheNameOrTheNameMadeIntoOne(String name, String hostname) {
        assertEquals(hostname, Names.defaultHostname(name, "fallback0001"));
    }

    @Test
    void aLongNameIsCutTo63Characters() {
        assertEquals("n".repeat(63), Names.defaultHostname("n".repeat(128), "id"));
        assertEquals("a".repeat(62), Names.defaultHostname("a".repeat(62) + "_b", "id").substring(0, 62));
        assertEquals("a".repeat(62), Names.defaultHostname("a".repeat(62) + "_" + "b".repeat(10), "id"),
                "no '-' left at the cut");
        String dotted = "a".repeat(30) + "." + "b".repeat(33); // 64 characters, a valid host name: kept
        assertEquals(dotted, Names.defaultHostname(dotted, "id"));
    }

    /** Whatever the container name, its default host name is one --hostname would take. */
    @Property
    void everyContainerNameGetsAValidHostName(@ForAll("containerNames") String name) throws InvalidValueException {
        String hostname = Names.defaultHostname(name, "0123456789ab");
        assertEquals(hostname, Names.hostname(hostname));
        if (hostname.length() > Names.MAX_UTS_HOSTNAME) {
            throw new AssertionError(hostname + " is longer than sethostname takes");
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> containerNames() {
        return net.jqwik.api.Arbitraries.strings().withChars("aZ09_.-Xy").ofMinLength(1).ofMaxLength(128)
                .filter(n -> !n.equals(".") && !n.equals(".."));
    }

    // --- container names

    @ParameterizedTest(name = "container name \"{0}\"")
    @ValueSource(strings = {"a", "web-1", "my_app.v2", "UPPER", "-leading", ".hidden", "...", "0"})
    void acceptsContainerNames(String name) throws InvalidValueException {
        assertEquals(name, Names.containerName(name));
    }

    @Test
    void acceptsA128CharacterContainerName() throws InvalidValueException {
        assertEquals("x".repeat(128), Names.containerName("x".repeat(128)));
    }

    @ParameterizedTest(name = "refuses container name \"{0}\"")
    @ValueSource(strings = {"", ".", "..", "a/b", "a b", "a:b", "ä", "a\0", "a\n", "name@host", "\u212A"})
    void refusesContainerNames(String name) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Names.containerName(name));
        assertEquals("expected 1 to 128 characters of A-Z a-z 0-9 _ . -", e.getMessage());
    }

    @Test
    void refusesA129CharacterContainerName() {
        assertThrows(InvalidValueException.class, () -> Names.containerName("x".repeat(129)));
    }

    // --- RFC 1123 host names

    @ParameterizedTest(name = "host name \"{0}\"")
    @ValueSource(strings = {"a", "web-1", "Web-1", "api.internal", "1host", "123", "a-b-c.d-e", "x.y.z.w", "a--b"})
    void acceptsHostnamesAsWritten(String name) throws InvalidValueException {
        assertEquals(name, Names.hostname(name));
    }

    @Test
    void acceptsMaximalHostname() throws InvalidValueException {
        String name = String.join(".", LABEL_63, LABEL_63, LABEL_63, "a".repeat(61)); // 253 characters
        assertEquals(253, name.length());
        assertEquals(name, Names.hostname(name));
        assertEquals(LABEL_63, Names.hostname(LABEL_63));
    }

    @ParameterizedTest(name = "refuses host name \"{0}\"")
    @ValueSource(strings = {"", "-web", "web-", "a..b", ".a", "a.", "a_b", "a b", "wéb", "\u212Aube", "a/b",
            "a.-b", "a.b-", "host:1"})
    void refusesHostnames(String name) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Names.hostname(name));
        assertEquals("expected an RFC 1123 host name such as web-1 or api.internal", e.getMessage());
    }

    @Test
    void refusesOverlongLabelsAndNames() {
        assertThrows(InvalidValueException.class, () -> Names.hostname("a".repeat(64)));
        String name = String.join(".", LABEL_63, LABEL_63, LABEL_63, "a".repeat(62)); // 254 characters
        assertThrows(InvalidValueException.class, () -> Names.hostname(name));
    }

    // --- FQDNs

    @ParameterizedTest(name = "domain \"{0}\" -> {1}")
    @CsvSource({
            "api.example.com, api.example.com",
            "API.Example.COM, api.example.com",
            "example.com., example.com",
            "a.b, a.b",
            "xn--bcher-kva.example, xn--bcher-kva.example",
            "1.2.3.4, 1.2.3.4"})
    void acceptsAndLowerCasesDomains(String text, String normal) throws InvalidValueException {
        assertEquals(normal, Names.domainName(text));
    }

    @ParameterizedTest(name = "refuses domain \"{0}\"")
    @ValueSource(strings = {"", ".", "localhost", "localhost.", "a..b", ".example.com", "example.com..", "-a.com",
            "a-.com", "a_b.com", "*.example.com", "bücher.example", "\u212Aube.io", "example.com/path",
            "https://example.com"})
    void refusesDomains(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Names.domainName(text));
        assertEquals("expected a fully qualified domain name such as api.example.com", e.getMessage());
    }

    @Test
    void refusesOverlongDomains() throws InvalidValueException {
        String ok = String.join(".", LABEL_63, LABEL_63, LABEL_63, "a".repeat(61));
        assertEquals(ok, Names.domainName(ok + "."));
        assertThrows(InvalidValueException.class, () -> Names.domainName(ok + "a"));
        assertThrows(InvalidValueException.class, () -> Names.domainName("a".repeat(64) + ".com"));
    }

    // --- sha256

    @Test
    void acceptsAndLowerCasesSha256() throws InvalidValueException {
        String hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assertEquals(hex, Names.sha256(hex));
        assertEquals(hex, Names.sha256(hex.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(hex, Names.sha256("  " + hex + "\n"));
    }

    @ParameterizedTest(name = "refuses digest \"{0}\"")
    @ValueSource(strings = {"", "abc", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
            "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c149afbf4c8996fb924 7ae41e4649b934ca495991b7852b855"})
    void refusesBadDigests(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Names.sha256(text));
        assertEquals("expected a SHA-256 digest: 64 hexadecimal characters", e.getMessage());
    }

    @Property
    void validatorsThrowOnlyInvalidValue(@ForAll String text) {
        try {
            Names.containerName(text);
        } catch (InvalidValueException expected) {
            // fine
        }
        try {
            Names.hostname(text);
        } catch (InvalidValueException expected) {
            // fine
        }
        try {
            Names.domainName(text);
        } catch (InvalidValueException expected) {
            // fine
        }
        try {
            Names.sha256(text);
        } catch (InvalidValueException expected) {
            // fine
        }
    }

    @Property
    void anAcceptedHostnameIsAscii(@ForAll String text) {
        try {
            String name = Names.hostname(text);
            assertEquals(true, name.chars().allMatch(c -> c < 128), name);
        } catch (InvalidValueException expected) {
            // fine
        }
    }

    // --- the hand-written checks accept exactly what the regular expressions they replaced did

    private static final java.util.regex.Pattern CONTAINER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final java.util.regex.Pattern LABEL = java.util.regex.Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    private static boolean accepts(org.junit.jupiter.api.function.Executable check) {
        try {
            check.execute();
            return true;
        } catch (InvalidValueException e) {
            return false;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Property(tries = 3000)
    void handChecksAgreeWithTheRegularExpressions(@ForAll("nameLike") String text) {
        boolean name = CONTAINER_NAME.matcher(text).matches() && !text.equals(".") && !text.equals("..");
        assertEquals(name, accepts(() -> Names.containerName(text)), text);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        boolean host = !lower.isEmpty() && lower.length() <= 253 && text.chars().allMatch(c -> c < 128)
                && java.util.Arrays.stream(lower.split("\\.", -1)).allMatch(l -> LABEL.matcher(l).matches());
        assertEquals(host, accepts(() -> Names.hostname(text)), text);
        String digest = text.strip().toLowerCase(java.util.Locale.ROOT);
        assertEquals(SHA256.matcher(digest).matches(), accepts(() -> Names.sha256(text)), text);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> nameLike() {
        return net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.strings().withChars("aZ09-._\u212A\u0130 ").ofMinLength(0).ofMaxLength(70),
                net.jqwik.api.Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(64),
                net.jqwik.api.Arbitraries.strings().withChars("ab-.").ofMinLength(60).ofMaxLength(130));
    }
}
