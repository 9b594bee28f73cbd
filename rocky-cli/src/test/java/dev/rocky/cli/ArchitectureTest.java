package dev.rocky.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import dev.rocky.translator.SpiOnlyClassLoader;

/**
 * The hexagon's rules, checked on the compiled classes of every module. The rules are run from
 * plain Jupiter tests: ArchUnit's own JUnit engine (1.5.0) discovers no {@code @ArchTest} under
 * JUnit Platform 6, so rules left to it would never fail.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.rocky");

    static final ArchRule coreDependsOnTheJdkOnly = classes().that().resideInAPackage("dev.rocky.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.rocky.core..");

    static final ArchRule processAdapterDoesNotUseOtherAdapters = noClasses().that().resideInAPackage("dev.rocky.process..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rocky.state..", "dev.rocky.translator..", "dev.rocky.cli..",
                    "dev.rocky.testkit..");

    static final ArchRule stateAdapterDoesNotUseOtherAdapters = noClasses().that().resideInAPackage("dev.rocky.state..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rocky.process..", "dev.rocky.translator..", "dev.rocky.cli..",
                    "dev.rocky.testkit..");

    static final ArchRule translatorDoesNotUseAdapters = noClasses().that().resideInAPackage("dev.rocky.translator..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rocky.process..", "dev.rocky.state..", "dev.rocky.cli..",
                    "dev.rocky.testkit..");

    /**
     * The library is composed by plain constructor calls in one place ({@code ComponentWiring}): no
     * class depends on a dependency-injection container, whose reflection a short command would pay
     * for at every start.
     */
    static final ArchRule noDependencyInjectionContainer = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("com.google.inject..", "jakarta.inject..", "javax.inject..", "dagger..", "org.springframework..");

    /** Only the composition root constructs the component; everyone else uses its builder. */
    static final ArchRule onlyTheWiringConstructsTheComponent = noClasses().that().doNotHaveSimpleName("ComponentWiring")
            .and().doNotHaveSimpleName("RockyComponent").and().doNotHaveSimpleName("RockyComponent$Builder")
            .should().callConstructorWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                            com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("dev.rocky.component.RockyComponent"))));

    /** The library artifact ({@code rocky-component}) knows no CLI, testkit or logging backend. */
    static final ArchRule theLibraryKnowsNoCliTestkitOrLoggingBackend = noClasses().that().resideInAPackage("dev.rocky.component..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rocky.cli..", "dev.rocky.testkit..", "picocli..",
                    "org.slf4j.simple..", "dev.rocky.contract..");

    /** rocky's JSON is read in one place, used by both adapters, and knows neither. */
    /** OpenLineage emission is built on the core's values only: the component wires it, never the reverse. */
    static final ArchRule openLineageKnowsOnlyTheCore = noClasses().that().resideInAPackage("dev.rocky.openlineage..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rocky.process..", "dev.rocky.state..", "dev.rocky.translator..",
                    "dev.rocky.component..", "dev.rocky.cli..", "dev.rocky.testkit..", "dev.rocky.json..");

    static final ArchRule rockyJsonKnowsOnlyTheCore = noClasses().that().resideInAPackage("dev.rocky.json..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rocky.process..", "dev.rocky.state..", "dev.rocky.translator..",
                    "dev.rocky.component..", "dev.rocky.cli..", "dev.rocky.testkit..");

    static final ArchRule adaptersAndTheTranslatorDoNotKnowTheLibrary = noClasses()
            .that().resideInAnyPackage("dev.rocky.core..", "dev.rocky.process..", "dev.rocky.state..", "dev.rocky.translator..")
            .should().dependOnClassesThat().resideInAPackage("dev.rocky.component..");

    /**
     * Layers inside the core: values (what rocky says, the graph, the state, errors) know no port
     * or use case; ports know no use case; use cases ({@code core.service}) sit on top.
     */
    static final ArchRule coreLayers = com.tngtech.archunit.library.Architectures.layeredArchitecture()
            .consideringOnlyDependenciesInAnyPackage("dev.rocky.core..")
            .layer("values").definedBy("dev.rocky.core.discover..", "dev.rocky.core.dag..", "dev.rocky.core.model..",
                    "dev.rocky.core.spec..", "dev.rocky.core.error..", "dev.rocky.core.state..", "dev.rocky.core.governance..",
                    "dev.rocky.core.run..", "dev.rocky.core.report..", "dev.rocky.core.sensor..")
            .layer("ports").definedBy("dev.rocky.core.port..")
            .layer("use cases").definedBy("dev.rocky.core.service..")
            .whereLayer("use cases").mayNotBeAccessedByAnyLayer()
            .whereLayer("ports").mayOnlyBeAccessedByLayers("use cases");

    /** No two packages depend on each other, however indirectly, in any module. */
    static final ArchRule noPackageCycles = com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
            .matching("dev.rocky.(**)").should().beFreeOfCycles();

    static final ArchRule portsMentionOnlyCoreAndJdkTypes = methods().that().areDeclaredInClassesThat()
            .resideInAPackage("dev.rocky.core.port..")
            .should(new ArchCondition<JavaMethod>("mention only core and JDK types in their signatures") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    method.getReturnType().getAllInvolvedRawTypes().forEach(t -> check(method, t, events));
                    method.getParameterTypes().forEach(p -> p.getAllInvolvedRawTypes().forEach(t -> check(method, t, events)));
                    method.getExceptionTypes().forEach(t -> check(method, t, events));
                }

                private void check(JavaMethod method, JavaClass type, ConditionEvents events) {
                    JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                    String name = base.getName();
                    boolean ok = base.isPrimitive() || name.startsWith("java.") || name.startsWith("dev.rocky.core.");
                    if (!ok) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName() + " mentions " + name));
                    }
                }
            });

    /**
     * What a plugin's class loader shows of the host ({@link SpiOnlyClassLoader}) must be closed:
     * the SPI package depends only on the JDK and itself, except that {@code Names} applies the
     * core's naming rules ({@code dev.rocky.core.spec.AssetNames}), an implementation detail no
     * signature shows, so a plugin never trips over a class it cannot see.
     */
    static final ArchRule theSpiSurfaceIsClosed = classes().that(spiSurface())
            .should().onlyDependOnClassesThat(DescribedPredicate.describe("the JDK, the SPI surface or the core's naming rules",
                    (JavaClass c) -> {
                        JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
                        return base.isPrimitive() || base.getName().startsWith("java.") || SpiOnlyClassLoader.isSpi(base.getName())
                                || base.getName().equals("dev.rocky.core.spec.AssetNames");
                    }));

    /** No public or protected signature of the SPI mentions a type the plugin cannot see. */
    static final ArchRule spiSignaturesMentionOnlySpiAndJdkTypes = methods().that().areDeclaredInClassesThat(spiSurface())
            .and().arePublic()
            .should(new ArchCondition<JavaMethod>("mention only SPI and JDK types in their signatures") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    method.getReturnType().getAllInvolvedRawTypes().forEach(t -> check(method, t, events));
                    method.getParameterTypes().forEach(p -> p.getAllInvolvedRawTypes().forEach(t -> check(method, t, events)));
                }

                private void check(JavaMethod method, JavaClass type, ConditionEvents events) {
                    JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                    if (!base.isPrimitive() && !base.getName().startsWith("java.") && !SpiOnlyClassLoader.isSpi(base.getName())) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName() + " mentions " + base.getName()));
                    }
                }
            });

    private static DescribedPredicate<JavaClass> spiSurface() {
        return DescribedPredicate.describe("are in the SPI surface", (JavaClass c) -> SpiOnlyClassLoader.isSpi(c.getName()));
    }

    static final ArchRule noFieldInjection = GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

    static final ArchRule noGenericExceptions = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    static final ArchRule standardStreamsOnlyInTheExecutables = noClasses()
            .that(DescribedPredicate.not(JavaClass.Predicates.simpleName("RockyComponentCli")
                    .or(JavaClass.Predicates.simpleName("FakeRockyMain"))
                    .or(JavaClass.Predicates.simpleName("StorageRaceMain")).or(JavaClass.Predicates.simpleName("CdsTraining"))
                    .or(JavaClass.Predicates.simpleName("ClasspathIndexWriter"))
                    .or(JavaClass.Predicates.simpleName("SelfContainedJarCheck"))))
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

    /**
     * The shipped modules start processes only through commons-exec, argument by argument: no
     * {@code Runtime.exec}, no {@code ProcessBuilder}, no {@code CommandLine.parse} (which splits a
     * string the way a shell would). The testkit's helpers (Redis, race workers) are exempt.
     */
    static final ArchRule processesStartOnlyThroughCommonsExecArgumentByArgument = noClasses()
            .that().resideOutsideOfPackage("dev.rocky.testkit..")
            .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class)
            .orShould().callMethodWhere(DescribedPredicate.describe("Runtime.exec or CommandLine.parse",
                    (com.tngtech.archunit.core.domain.JavaMethodCall call) ->
                            (call.getTargetOwner().isEquivalentTo(Runtime.class) && call.getName().equals("exec"))
                            || (call.getTargetOwner().isEquivalentTo(org.apache.commons.exec.CommandLine.class)
                                    && call.getName().equals("parse"))));

    static List<ArchRule> rules() {
        return List.of(coreDependsOnTheJdkOnly, processAdapterDoesNotUseOtherAdapters, stateAdapterDoesNotUseOtherAdapters,
                translatorDoesNotUseAdapters, noDependencyInjectionContainer, onlyTheWiringConstructsTheComponent,
                theLibraryKnowsNoCliTestkitOrLoggingBackend, adaptersAndTheTranslatorDoNotKnowTheLibrary, rockyJsonKnowsOnlyTheCore, openLineageKnowsOnlyTheCore, noPackageCycles, coreLayers, portsMentionOnlyCoreAndJdkTypes, theSpiSurfaceIsClosed,
                spiSignaturesMentionOnlySpiAndJdkTypes,
                noFieldInjection,
                noGenericExceptions, standardStreamsOnlyInTheExecutables, processesStartOnlyThroughCommonsExecArgumentByArgument);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void holds(ArchRule rule) {
        rule.check(CLASSES);
    }

    @Test
    void theImportSeesEveryModuleAndAViolatedRuleFails() {
        for (String pkg : List.of("dev.rocky.core", "dev.rocky.json", "dev.rocky.process", "dev.rocky.state", "dev.rocky.translator",
                "dev.rocky.testkit", "dev.rocky.component", "dev.rocky.cli")) {
            assertThat(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
        ArchRule processMayNotUseJackson = noClasses().that().resideInAPackage("dev.rocky.json..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..");
        assertThatThrownBy(() -> processMayNotUseJackson.check(CLASSES)).isInstanceOf(AssertionError.class);
        assertThat(CLASSES.stream().filter(c -> SpiOnlyClassLoader.isSpi(c.getName())).map(JavaClass::getSimpleName))
                .as("SPI surface classes").contains("RockyTranslator", "SourceView", "TableView", "ModelView", "DagNodeView", "Names");
        ArchRule spiMayNotUseMaps = classes().that(spiSurface()).should().onlyDependOnClassesThat()
                .resideOutsideOfPackage("java.util..");
        assertThatThrownBy(() -> spiMayNotUseMaps.check(CLASSES)).isInstanceOf(AssertionError.class);
    }
}
