package org.deepdrill.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering of DEVELOPERS.md: a pure core, a DJL demo engine without UI, a thin JavaFX shell. */
@AnalyzeClasses(packages = "org.deepdrill", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
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
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "org.deepdrill.demo..", "org.deepdrill.ui..", "org.deepdrill.cli..");

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
            .should().dependOnClassesThat().resideInAnyPackage("org.deepdrill.ui..", "org.deepdrill.cli..", "org.deepdrill.quiz..");

    @ArchTest
    static final ArchRule cliHasNoUi = noClasses()
            .that().resideInAPackage("org.deepdrill.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.deepdrill.ui..");

    @ArchTest
    static final ArchRule noCycles = slices().matching("org.deepdrill.(*)..").should().beFreeOfCycles();
}
