package dev.nucleus.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The rules on the real project: the production classes of every module, read from the module
 * artifacts on the test class path.
 *
 * <p>Some modules are still empty (ports, adapters-linux, adapters-gvisor, native has no Java
 * yet). A rule about an empty module is still evaluated, with an empty subject allowed, and
 * its test name says so; the conforming fixtures prove the same rule selects classes when they
 * exist. Domain and CLI have classes today, and {@link #importSeesDomainAndCli()} makes sure the
 * import keeps seeing them.
 */
class ProjectArchitectureTest {
    private static final HexagonRules RULES = new HexagonRules(Imports.PROJECT_ROOT);

    @TestFactory
    Stream<DynamicTest> everyRuleHoldsForTheProject() {
        JavaClasses classes = Imports.project();
        return RULES.all().stream().map(rule -> {
            boolean populated = !classes.that(resideInAPackage(rule.subject())).isEmpty();
            ArchRule archRule = populated ? rule.archRule() : rule.archRule().allowEmptyShould(true);
            String name = populated ? rule.name() : rule.name() + " (" + rule.subject() + " is empty today)";
            return dynamicTest(name, () -> archRule.check(classes));
        });
    }

    @Test
    void importSeesDomainAndCli() {
        JavaClasses classes = Imports.project();
        for (String module : List.of(RULES.domain(), RULES.cli())) {
            assertFalse(classes.that(resideInAPackage(module)).isEmpty(), "no classes imported in " + module);
        }
    }

    @Test
    void importReadsModuleArtifactsOnly() {
        for (JavaClass javaClass : Imports.project()) {
            String source = javaClass.getSource().map(s -> s.getUri().toString()).orElse("<unknown>");
            assertFalse(source.contains("test-classes"), javaClass.getName() + " came from test classes: " + source);
            assertTrue(source.contains("/target/classes/") || source.contains("/nucleus-"),
                    javaClass.getName() + " did not come from a module's classes or jar: " + source);
        }
    }

    @Test
    void importLeavesOutTheseRulesAndTheFixtures() {
        JavaClasses classes = Imports.project();
        assertTrue(classes.that(resideInAPackage("dev.nucleus.architecture..")).isEmpty());
        assertFalse(classes.contain(HexagonRules.class));
    }
}
