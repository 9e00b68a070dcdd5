package dev.nucleus.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import fixtures.hexagon.bad.cli.CallsJniDirectly;
import fixtures.hexagon.bad.cli.LoadsLibrary;
import fixtures.hexagon.bad.cli.cycle.ProvidesPorts;
import fixtures.hexagon.bad.domain.CarriesJacksonAnnotation;
import fixtures.hexagon.bad.domain.KnowsPorts;
import fixtures.hexagon.bad.domain.OpensSocket;
import fixtures.hexagon.bad.domain.PrintsAndExits;
import fixtures.hexagon.bad.domain.ReadsClock;
import fixtures.hexagon.bad.domain.ReadsClockByReference;
import fixtures.hexagon.bad.domain.ReadsEnvironment;
import fixtures.hexagon.bad.domain.ReadsFiles;
import fixtures.hexagon.bad.domain.ReflectsOnClasses;
import fixtures.hexagon.bad.domain.RollsDice;
import fixtures.hexagon.bad.domain.StartsThread;
import fixtures.hexagon.bad.domain.cycle.a.Alpha;
import fixtures.hexagon.bad.domain.cycle.b.Beta;
import fixtures.hexagon.bad.gvisor.CallsLinuxJni;
import fixtures.hexagon.bad.gvisor.CallsThroughForeignLinker;
import fixtures.hexagon.bad.gvisor.DeclaresNativeMethod;
import fixtures.hexagon.bad.gvisor.UsesLinuxAdapter;
import fixtures.hexagon.bad.linux.UsesCli;
import fixtures.hexagon.bad.linux.UsesGvisorAdapter;
import fixtures.hexagon.bad.linux.jni.Syscalls;
import fixtures.hexagon.bad.linux.probe.NativeProbe;
import fixtures.hexagon.bad.ports.cycle.NeedsCli;
import fixtures.hexagon.bad.ports.out.KnowsLinuxAdapter;
import fixtures.hexagon.bad.ports.service.LogsWithSlf4j;
import fixtures.hexagon.bad.ports.service.SpawnsProcess;
import fixtures.hexagon.bad.ports.service.TimesWithNanoTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule, evaluated on {@code fixtures.hexagon.bad}, must report each fixture written to
 * break it. A rule that cannot fail here would pass vacuously on the project too.
 */
class ViolatingFixturesTest {
    private static final HexagonRules RULES = new HexagonRules(Imports.BAD_FIXTURES);

    static Stream<Arguments> violations() {
        return Stream.of(
                violation("domainDependsOnlyOnPureJdk",
                        ReadsFiles.class, OpensSocket.class, CarriesJacksonAnnotation.class, ReflectsOnClasses.class),
                violation("portsDependOnlyOnDomainAndPureJdk", LogsWithSlf4j.class),
                violation("coreUsesNoAmbientAuthorityTypes", StartsThread.class, SpawnsProcess.class),
                violation("coreReadsNoClock", ReadsClock.class, ReadsClockByReference.class, TimesWithNanoTime.class),
                violation("coreReadsNoEnvironment", ReadsEnvironment.class, PrintsAndExits.class),
                violation("coreDrawsNoHiddenRandomness", RollsDice.class),
                violation("domainDependsOnNoOuterRing", KnowsPorts.class),
                violation("portsDependOnNoAdapterOrCli", KnowsLinuxAdapter.class, NeedsCli.class),
                violation("linuxAdapterDependsOnNoOtherAdapterOrCli", UsesCli.class, UsesGvisorAdapter.class),
                violation("gvisorAdapterDependsOnNoLinuxOrCli", UsesLinuxAdapter.class, CallsLinuxJni.class),
                violation("telemetryAdapterDependsOnNoOtherAdapterOrCli",
                        fixtures.hexagon.bad.telemetry.ReadsLinuxState.class),
                violation("nativeMethodsOnlyInJni", DeclaresNativeMethod.class, NativeProbe.class),
                violation("nativeCodeIsReachedOnlyFromJni", LoadsLibrary.class, CallsThroughForeignLinker.class),
                violation("onlyLinuxAdapterUsesJni", CallsJniDirectly.class, CallsLinuxJni.class),
                violation("everyClassBelongsToAModule", fixtures.hexagon.bad.util.Stray.class),
                violation("modulesAreFreeOfCycles", NeedsCli.class, ProvidesPorts.class),
                violation("packagesAreFreeOfCycles", Alpha.class, Beta.class))
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0} reports {1}")
    @MethodSource("violations")
    void ruleReportsItsFixture(String ruleName, String fixture) {
        EvaluationResult result = rule(ruleName).evaluate(Imports.badFixtures());

        assertTrue(result.hasViolation(), ruleName + " passed on the violating fixtures");
        String report = result.getFailureReport().toString();
        assertTrue(mentions(report, fixture), ruleName + " did not report " + fixture + ":\n" + report);
    }

    @Test
    void everyRuleHasAViolatingFixture() {
        Set<String> covered = violations().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> all = RULES.all().stream().map(HexagonRules.Rule::name).collect(Collectors.toSet());
        assertEquals(all, covered, "rules without a fixture proving they can fail");
    }

    @Test
    void nativeCodeInsideJniIsNotReported() {
        for (String name : List.of("nativeMethodsOnlyInJni", "nativeCodeIsReachedOnlyFromJni")) {
            String report = rule(name).evaluate(Imports.badFixtures()).getFailureReport().toString();
            assertTrue(!mentions(report, Syscalls.class.getName()), name + " reported linux.jni itself:\n" + report);
        }
    }

    private static Stream<Arguments> violation(String ruleName, Class<?>... fixtures) {
        return Arrays.stream(fixtures).map(fixture -> arguments(ruleName, fixture.getName()));
    }

    private static ArchRule rule(String name) {
        return RULES.all().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule named " + name))
                .archRule();
    }

    /** The class name as a whole word: ReadsClock must not match ReadsClockByReference. */
    private static boolean mentions(String report, String className) {
        return Pattern.compile(Pattern.quote(className) + "(?![\\w])").matcher(report).find();
    }
}
