package dev.nucleus.architecture;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule, evaluated on {@code fixtures.hexagon.good}, passes, and passes on a non-empty
 * subject (the rules refuse an empty one). This proves the rules are not so broad that they
 * reject ordinary conforming code, and that each rule's package patterns select something.
 */
class ConformingFixturesTest {
    private static final HexagonRules RULES = new HexagonRules(Imports.GOOD_FIXTURES);

    @TestFactory
    Stream<DynamicTest> everyRulePassesOnConformingCode() {
        return RULES.all().stream()
                .map(rule -> dynamicTest(rule.name(), () -> rule.archRule().check(Imports.goodFixtures())));
    }
}
