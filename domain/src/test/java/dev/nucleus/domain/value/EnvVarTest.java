package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvVarTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            KEY=value          | KEY      | value
            K=                 | K        | ''
            _=x                | _        | x
            _private=1         | _private | 1
            lower_case9=a b    | lower_case9 | a b
            URL=a=b=c          | URL      | a=b=c
            PATH=/bin:/usr/bin | PATH     | /bin:/usr/bin
            'X= padded '       | X        | ' padded '
            """)
    void accepts(String text, String key, String value) throws InvalidValueException {
        assertEquals(new EnvVar(key, value), EnvVar.parse(text));
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", "KEY", "=value", "="})
    void refusesWithoutKey(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> EnvVar.parse(text));
        assertEquals("expected KEY=VALUE", e.getMessage());
    }

    @ParameterizedTest(name = "refuses key of \"{0}\"")
    @ValueSource(strings = {"1KEY=x", "MY-KEY=x", "MY KEY=x", " KEY=x", "KEY =x", "K.EY=x", "KÉY=x", "ÉKEY=x",
            "ключ=x", "K$=x", "KEY\0=x", "\u212AEY=x"})
    void refusesBadKeys(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> EnvVar.parse(text));
        assertEquals("the key must match [A-Za-z_][A-Za-z0-9_]*", e.getMessage());
    }

    @Test
    void refusesNulInTheValue() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> EnvVar.parse("KEY=se\0cret"));
        assertEquals("the value contains a NUL byte", e.getMessage());
    }

    @ParameterizedTest(name = "{0} is a loader key")
    @ValueSource(strings = {"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_DEBUG", "LD_PROFILE", "LD_SHOW_AUXV",
            "LD_DEBUG_OUTPUT", "LD_ORIGIN_PATH", "LD_BIND_NOW", "LD_PRELOAD_X", "GLIBC_TUNABLES", "GCONV_PATH"})
    void recognisesLoaderKeys(String key) throws InvalidValueException {
        assertTrue(EnvVar.parse(key + "=/tmp/evil.so").isLoaderInjection());
    }

    @ParameterizedTest(name = "{0} is not a loader key")
    @ValueSource(strings = {"ld_preload", "XLD_PRELOAD", "LD", "LDFLAGS", "PATH", "GLIBC_TUNABLES_X", "LANG"})
    void otherKeysAreNotLoaderKeys(String key) throws InvalidValueException {
        assertFalse(EnvVar.parse(key + "=x").isLoaderInjection());
    }

    @Test
    void toStringRedactsTheValue() throws InvalidValueException {
        EnvVar v = EnvVar.parse("API_TOKEN=sk-live-123456");
        assertEquals("API_TOKEN=<redacted>", v.toString());
        assertEquals("sk-live-123456", v.value());
    }

    @Property
    void toStringNeverContainsTheValue(@ForAll @StringLength(min = 4, max = 40) String secret) {
        String value = "S3CR3T" + secret;
        assertFalse(new EnvVar("K", value).toString().contains(value));
    }

    @Property
    void errorMessagesNeverEchoTheValue(@ForAll @StringLength(min = 1, max = 30) String key,
                                        @ForAll @StringLength(min = 1, max = 30) String value) {
        String secret = "S3CR3T" + value;
        try {
            EnvVar.parse(key + "=" + secret);
        } catch (InvalidValueException e) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }

    @Property
    void validKeysMatchTheDocumentedPattern(@ForAll String key) {
        assertEquals(key.matches("[A-Za-z_][A-Za-z0-9_]*"), EnvVar.isValidKey(key));
    }
}
