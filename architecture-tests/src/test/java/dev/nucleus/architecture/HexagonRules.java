package dev.nucleus.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.or;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessTargetWhere;
import static com.tngtech.archunit.lang.conditions.ArchConditions.never;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The dependency rule of DESIGN.md ("Modules (the hexagon)"), written once against a root
 * package, so the very same rules run on the project ({@code dev.nucleus}) and on the fixtures
 * that prove each rule can fail ({@code fixtures.hexagon.bad}) and can pass
 * ({@code fixtures.hexagon.good}).
 *
 * <p>Module packages under the root: {@code domain}, {@code ports}, {@code linux} (with the
 * JNI declarations in {@code linux.jni}), {@code gvisor}, {@code cli}.
 */
public record HexagonRules(String root) {

    /** A rule, the name tests refer to it by, and the package pattern its subject lives in. */
    public record Rule(String name, String subject, ArchRule archRule) {
    }

    public String domain() {
        return root + ".domain..";
    }

    public String ports() {
        return root + ".ports..";
    }

    public String linux() {
        return root + ".linux..";
    }

    public String jni() {
        return root + ".linux.jni..";
    }

    public String gvisor() {
        return root + ".gvisor..";
    }

    public String cli() {
        return root + ".cli..";
    }

    /** The OTLP exporter (adapters-telemetry). */
    public String telemetry() {
        return root + ".telemetry..";
    }

    public String everything() {
        return root + "..";
    }

    public List<Rule> all() {
        return List.of(
                new Rule("domainDependsOnlyOnPureJdk", domain(), domainDependsOnlyOnPureJdk()),
                new Rule("portsDependOnlyOnDomainAndPureJdk", ports(), portsDependOnlyOnDomainAndPureJdk()),
                new Rule("coreUsesNoAmbientAuthorityTypes", domain(), coreUsesNoAmbientAuthorityTypes()),
                new Rule("coreReadsNoClock", domain(), coreReadsNoClock()),
                new Rule("coreReadsNoEnvironment", domain(), coreReadsNoEnvironment()),
                new Rule("coreDrawsNoHiddenRandomness", domain(), coreDrawsNoHiddenRandomness()),
                new Rule("domainDependsOnNoOuterRing", domain(), domainDependsOnNoOuterRing()),
                new Rule("portsDependOnNoAdapterOrCli", ports(), portsDependOnNoAdapterOrCli()),
                new Rule("linuxAdapterDependsOnNoOtherAdapterOrCli", linux(), linuxAdapterDependsOnNoOtherAdapterOrCli()),
                new Rule("gvisorAdapterDependsOnNoLinuxOrCli", gvisor(), gvisorAdapterDependsOnNoLinuxOrCli()),
                new Rule("telemetryAdapterDependsOnNoOtherAdapterOrCli", telemetry(),
                        telemetryAdapterDependsOnNoOtherAdapterOrCli()),
                new Rule("nativeMethodsOnlyInJni", everything(), nativeMethodsOnlyInJni()),
                new Rule("nativeCodeIsReachedOnlyFromJni", everything(), nativeCodeIsReachedOnlyFromJni()),
                new Rule("onlyLinuxAdapterUsesJni", everything(), onlyLinuxAdapterUsesJni()),
                new Rule("everyClassBelongsToAModule", everything(), everyClassBelongsToAModule()),
                new Rule("modulesAreFreeOfCycles", everything(), modulesAreFreeOfCycles()),
                new Rule("packagesAreFreeOfCycles", everything(), packagesAreFreeOfCycles()));
    }

    public ArchRule domainDependsOnlyOnPureJdk() {
        DescribedPredicate<JavaClass> allowed = or(resideInAPackage(domain()), PureJdk.allowed());
        return classes().that().resideInAPackage(domain())
                .should().onlyDependOnClassesThat(allowed)
                .andShould(never(accessTargetWhere(PureJdk.resultTypeOutside(allowed))))
                .because("the domain decides and never does: JDK values only, no I/O, no third-party code")
                .allowEmptyShould(false);
    }

    public ArchRule portsDependOnlyOnDomainAndPureJdk() {
        DescribedPredicate<JavaClass> allowed = or(resideInAnyPackage(ports(), domain()), PureJdk.allowed());
        return classes().that().resideInAPackage(ports())
                .should().onlyDependOnClassesThat(allowed)
                .andShould(never(accessTargetWhere(PureJdk.resultTypeOutside(allowed))))
                .because("ports depend on the domain only, with the domain's purity")
                .allowEmptyShould(false);
    }

    public ArchRule coreUsesNoAmbientAuthorityTypes() {
        return noClasses().that().resideInAnyPackage(domain(), ports())
                .should().dependOnClassesThat(PureJdk.ambientAuthorityTypes())
                .because("processes, threads, class loaders and legacy clock-reading types are adapter business")
                .allowEmptyShould(false);
    }

    public ArchRule coreReadsNoClock() {
        return noClasses().that().resideInAnyPackage(domain(), ports())
                .should().accessTargetWhere(AmbientAccess.clockReads())
                .because("time comes in as a Clock or a value, so plans are reproducible")
                .allowEmptyShould(false);
    }

    public ArchRule coreReadsNoEnvironment() {
        return noClasses().that().resideInAnyPackage(domain(), ports())
                .should().accessTargetWhere(AmbientAccess.environmentReads())
                .because("environment, properties, stdio and exit belong to the CLI, which passes values in")
                .allowEmptyShould(false);
    }

    public ArchRule coreDrawsNoHiddenRandomness() {
        return noClasses().that().resideInAnyPackage(domain(), ports())
                .should().accessTargetWhere(AmbientAccess.hiddenRandomness())
                .because("ids and random choices come in from a port, so tests can replay them")
                .allowEmptyShould(false);
    }

    public ArchRule domainDependsOnNoOuterRing() {
        return noClasses().that().resideInAPackage(domain())
                .should().dependOnClassesThat().resideInAnyPackage(ports(), linux(), gvisor(), telemetry(), cli())
                .because("the domain is the centre of the hexagon")
                .allowEmptyShould(false);
    }

    public ArchRule portsDependOnNoAdapterOrCli() {
        return noClasses().that().resideInAPackage(ports())
                .should().dependOnClassesThat().resideInAnyPackage(linux(), gvisor(), telemetry(), cli())
                .because("adapters implement the ports, never the other way round")
                .allowEmptyShould(false);
    }

    public ArchRule linuxAdapterDependsOnNoOtherAdapterOrCli() {
        return noClasses().that().resideInAPackage(linux())
                .should().dependOnClassesThat().resideInAnyPackage(gvisor(), telemetry(), cli())
                .because("adapters never depend on each other or on the CLI")
                .allowEmptyShould(false);
    }

    public ArchRule gvisorAdapterDependsOnNoLinuxOrCli() {
        return noClasses().that().resideInAPackage(gvisor())
                .should().dependOnClassesThat().resideInAnyPackage(linux(), telemetry(), cli())
                .because("gVisor reaches Linux networking through the NetworkDriver port, not the Linux adapter or its JNI")
                .allowEmptyShould(false);
    }

    public ArchRule telemetryAdapterDependsOnNoOtherAdapterOrCli() {
        return noClasses().that().resideInAPackage(telemetry())
                .should().dependOnClassesThat().resideInAnyPackage(linux(), gvisor(), cli())
                .because("the exporter implements the Telemetry port and knows nothing of the runtime")
                .allowEmptyShould(false);
    }

    public ArchRule nativeMethodsOnlyInJni() {
        return noMethods().that().areDeclaredInClassesThat().resideInAPackage(everything())
                .and().areDeclaredInClassesThat().resideOutsideOfPackage(jni())
                .should().haveModifier(JavaModifier.NATIVE)
                .because("one package, " + jni() + ", holds every native method")
                .allowEmptyShould(false);
    }

    /** The other doors to native code: loading a library, and the FFM API (java.lang.foreign). */
    public ArchRule nativeCodeIsReachedOnlyFromJni() {
        return noClasses().that().resideInAPackage(everything())
                .and().resideOutsideOfPackage(jni())
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .orShould().accessTargetWhere(AmbientAccess.nativeLibraryLoading())
                .because("native code is entered through " + jni() + " only, whether by JNI or by FFM")
                .allowEmptyShould(false);
    }

    public ArchRule onlyLinuxAdapterUsesJni() {
        return noClasses().that().resideInAPackage(everything())
                .and().resideOutsideOfPackage(linux())
                .should().dependOnClassesThat().resideInAPackage(jni())
                .because("only adapters-linux may use the JNI bindings")
                .allowEmptyShould(false);
    }

    public ArchRule everyClassBelongsToAModule() {
        return classes().that().resideInAPackage(everything()).and().doNotHaveSimpleName("package-info")
                .should().resideInAnyPackage(domain(), ports(), linux(), gvisor(), telemetry(), cli())
                .because("a class outside the module packages would escape every other rule")
                .allowEmptyShould(false);
    }

    /** Module level: domain, ports, linux (with jni), gvisor, cli. */
    public ArchRule modulesAreFreeOfCycles() {
        return slices().matching(root + ".(*)..").namingSlices("module $1")
                .should().beFreeOfCycles()
                .allowEmptyShould(false);
    }

    /** Package level: every package is its own slice, e.g. domain.mode vs domain.spec, linux vs linux.jni. */
    public ArchRule packagesAreFreeOfCycles() {
        return slices().matching(root + ".(**)").namingSlices("package $1")
                .should().beFreeOfCycles()
                .allowEmptyShould(false);
    }
}
