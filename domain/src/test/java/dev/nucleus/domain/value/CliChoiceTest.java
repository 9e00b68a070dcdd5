package dev.nucleus.domain.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CliChoiceTest {

    enum Colour implements CliChoice {
        RED("red"),
        DARK_BLUE("dark-blue", "navy", "marine"),
        GREEN("green");

        private final String cliName;
        private final List<String> aliases;

        Colour(String cliName, String... aliases) {
            this.cliName = cliName;
            this.aliases = List.of(aliases);
        }

        @Override
        public String cliName() {
            return cliName;
        }

        @Override
        public List<String> aliases() {
            return aliases;
        }
    }

    enum Bare implements CliChoice {
        ONLY;

        @Override
        public String cliName() {
            return "only";
        }
    }

    enum Derived implements CliChoice {
        NONE, GVISOR_HOST, COPY_IN_OUT
    }

    @Test
    void theDefaultNameIsTheConstantInKebabCase() throws InvalidValueException {
        assertEquals(List.of("none", "gvisor-host", "copy-in-out"),
                java.util.Arrays.stream(Derived.values()).map(CliChoice::cliName).toList());
        assertSame(Derived.COPY_IN_OUT, CliChoice.parse(Derived.values(), "Copy-In-Out"));
        assertEquals("mitos-agent", dev.nucleus.domain.mode.ServiceMode.STRICT_AGENT.aliases().getFirst());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"red, RED", "RED, RED", "Red, RED", "dark-blue, DARK_BLUE", "DARK-BLUE, DARK_BLUE",
            "navy, DARK_BLUE", "NAVY, DARK_BLUE", "marine, DARK_BLUE", "green, GREEN"})
    void findsByNameOrAliasIgnoringCase(String text, Colour expected) throws InvalidValueException {
        assertSame(expected, CliChoice.parse(Colour.values(), text));
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", "blue", "dark_blue", "DARK_BLUE", " red", "red ", "r", "reds"})
    void refusesOthersListingEveryName(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> CliChoice.parse(Colour.values(), text));
        assertEquals("expected one of red, dark-blue, green", e.getMessage());
    }

    @Test
    void aliasesDefaultToNone() throws InvalidValueException {
        assertEquals(List.of(), Bare.ONLY.aliases());
        assertSame(Bare.ONLY, CliChoice.parse(Bare.values(), "ONLY"));
        assertEquals("only", CliChoice.names(Bare.values()));
    }
}
