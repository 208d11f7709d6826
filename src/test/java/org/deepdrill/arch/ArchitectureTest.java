package org.deepdrill.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering of docs/architecture.md: a pure core, a DJL demo engine without UI, a thin JavaFX shell. */
@AnalyzeClasses(packages = "org.deepdrill", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** One package per content section. */
    static final List<String> SECTIONS = List.of("architectures", "attention", "applied", "research", "optim",
            "multimodal", "theory");

    private static String[] sectionPackages() {
        return SECTIONS.stream().map(s -> "org.deepdrill.demo." + s + "..").toArray(String[]::new);
    }

    @ArchTest
    static final ArchRule coreHasNoJavaFx = noClasses()
            .that().resideInAnyPackage("org.deepdrill.content..", "org.deepdrill.search..", "org.deepdrill.demo..", "org.deepdrill.quiz..",
                    "org.deepdrill.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..")
            .because("only the ui package may use JavaFX");

    @ArchTest
    static final ArchRule uiNeverTouchesDjl = noClasses()
            .that().resideInAPackage("org.deepdrill.ui..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("views talk to demos through plain records");

    @ArchTest
    static final ArchRule contentAndQuizArePure = noClasses()
            .that().resideInAnyPackage("org.deepdrill.content..", "org.deepdrill.quiz..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.deepdrill.demo..", "org.deepdrill.ui..", "org.deepdrill.cli..")
            .because("content and the quiz must load and test without the engine or a display");

    @ArchTest
    static final ArchRule searchIsPure = noClasses()
            .that().resideInAPackage("org.deepdrill.search..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.deepdrill.demo..", "org.deepdrill.quiz..",
                    "org.deepdrill.ui..", "org.deepdrill.cli..")
            .because("search reads content only; the shell adds quiz state to its results");

    @ArchTest
    static final ArchRule contentKnowsNothingOfSearch = noClasses()
            .that().resideInAPackage("org.deepdrill.content..")
            .should().dependOnClassesThat().resideInAPackage("org.deepdrill.search..")
            .because("the index is built on top of the content model");

    @ArchTest
    static final ArchRule luceneStaysInSearch = noClasses()
            .that().resideOutsideOfPackage("org.deepdrill.search..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.lucene..")
            .because("the rest of the app sees search results as plain records");

    @ArchTest
    static final ArchRule ndArraysStayInDemo = noClasses()
            .that().resideOutsideOfPackage("org.deepdrill.demo..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl.ndarray..")
            .because("NDArrays never leave the demo packages");

    @ArchTest
    static final ArchRule demoKnowsNothingAbove = noClasses()
            .that().resideInAPackage("org.deepdrill.demo..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deepdrill.ui..", "org.deepdrill.cli..", "org.deepdrill.quiz..")
            .because("the demo engine runs headless, under the CLI and the tests alike");

    @ArchTest
    static final ArchRule cliHasNoUi = noClasses()
            .that().resideInAPackage("org.deepdrill.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.deepdrill.ui..")
            .because("the command line runs with no display");

    @ArchTest
    static final ArchRule sectionsDoNotUseEachOther = noClasses()
            .that().resideInAnyPackage(sectionPackages())
            .should(dependOnAnotherSection())
            .because("shared code belongs in demo.lib, so one section can change without breaking another");

    @ArchTest
    static final ArchRule sectionsUseOnlyTheContractAndLib = noClasses()
            .that().resideInAnyPackage(sectionPackages())
            .should().dependOnClassesThat().resideInAnyPackage("org.deepdrill.demo.run..", "org.deepdrill.demo.tool..")
            .because("a demo sees the contract and the shared library, never the runner or the tools");

    @ArchTest
    static final ArchRule libNeverUsesASection = noClasses()
            .that().resideInAPackage("org.deepdrill.demo.lib..")
            .should().dependOnClassesThat().resideInAnyPackage(withRunAndTool(sectionPackages()))
            .because("the library serves every section and knows none of them");

    @ArchTest
    static final ArchRule statsHasNoDjl = noClasses()
            .that().resideInAPackage("org.deepdrill.demo.lib.stats..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("judges are pure and may call the statistics");

    @ArchTest
    static final ArchRule onlyTheRunnerListsSections = noClasses()
            .that().resideOutsideOfPackages(withRunAndTool(sectionPackages()))
            .should().dependOnClassesThat().resideInAnyPackage(sectionPackages())
            .because("demo.run.BuiltInDemos is the one list of sections; ui and cli find demos by id");

    @ArchTest
    static final ArchRule demoRecordsHoldNoEngineTypes = noFields()
            .that().areDeclaredInClassesThat(leaveTheDemoThread())
            .and().areNotStatic()
            .should().haveRawType(resideInAPackage("ai.djl.."))
            .because("a demo's Setup and Run records and the contract's records leave the demo thread: plain values only");

    @ArchTest
    static final ArchRule noCycles = slices().matching("org.deepdrill.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesInDemo = slices().matching("org.deepdrill.demo.(**)").should().beFreeOfCycles();

    /** The contract's records, and every demo's Setup and Run. */
    private static DescribedPredicate<JavaClass> leaveTheDemoThread() {
        return DescribedPredicate.describe("records that leave the demo thread", c -> c.isRecord()
                && (c.getPackageName().equals("org.deepdrill.demo")
                || c.getPackageName().startsWith("org.deepdrill.demo.") && List.of("Run", "Setup").contains(c.getSimpleName())));
    }

    private static String[] withRunAndTool(String[] sections) {
        String[] out = java.util.Arrays.copyOf(sections, sections.length + 2);
        out[sections.length] = "org.deepdrill.demo.run..";
        out[sections.length + 1] = "org.deepdrill.demo.tool..";
        return out;
    }

    private static String sectionOf(JavaClass c) {
        String p = c.getPackageName();
        for (String s : SECTIONS) {
            String base = "org.deepdrill.demo." + s;
            if (p.equals(base) || p.startsWith(base + ".")) {
                return s;
            }
        }
        return null;
    }

    private static ArchCondition<JavaClass> dependOnAnotherSection() {
        return new ArchCondition<>("depend on classes of another section") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                String own = sectionOf(c);
                c.getDirectDependenciesFromSelf().forEach(d -> {
                    String other = sectionOf(d.getTargetClass());
                    if (other != null && !other.equals(own)) {
                        events.add(SimpleConditionEvent.satisfied(d, d.getDescription()));
                    }
                });
            }
        };
    }
}
