package io.learncast.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.learncast.app.archfixture.AppUsesJdbc;
import io.learncast.eval.archfixture.EvalUsesSmile;
import io.learncast.farm.archfixture.FarmUsesForecaster;
import io.learncast.farm.archfixture.WorkerUsesNd4j;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module boundaries of docs/ARCHITECTURE.md, checked over the main classes of every module (this is the
 * reactor's last module, the only one whose class path holds them all). Each rule is also run once on a
 * fixture class that breaks it (test sources, {@code *.archfixture}), so a rule that could never fail —
 * a misspelt package, say — fails here instead.
 */
class ArchitectureTest {

    /** Smile's learners and metrics stay inside the forecaster. */
    static final ArchRule SMILE_ONLY_IN_FORECASTER = noClasses()
            .that().resideOutsideOfPackage("io.learncast.forecast..")
            .should().dependOnClassesThat().resideInAPackage("smile..")
            .as("Smile is used only in the forecaster (io.learncast.forecast..)");

    /** DL4J and ND4J (and their native memory) stay inside the trainers. */
    static final ArchRule DL4J_ONLY_IN_TRAINERS = noClasses()
            .that().resideOutsideOfPackage("io.learncast.farm.train..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
            .as("DL4J and ND4J are used only in the farm's trainers (io.learncast.farm.train..)");

    /**
     * SQL, connection pools, migrations and JDBC drivers stay in the store's jdbc package; everyone else goes
     * through {@code Store} and its faces. The one exception is the fault bench, which reads and damages the
     * tables behind the store's back on purpose (to check what the store promises).
     */
    static final ArchRule SQL_ONLY_IN_STORE_JDBC = noClasses()
            .that().resideOutsideOfPackages("io.learncast.farm.store.jdbc..", "io.learncast.bench.farm..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.flywaydb..", "org.h2..", "org.postgresql..")
            .as("JDBC, SQL, HikariCP, Flyway and the drivers are used only in io.learncast.farm.store.jdbc (and the fault bench, io.learncast.bench.farm)");

    /** Modules stack without cycles: a module may use the ones below it, never one above. */
    static final ArchRule MODULES_STACK = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("dataset-builder").definedBy("io.learncast.common..", "io.learncast.data..")
            .layer("training-farm").definedBy("io.learncast.farm..")
            .layer("forecaster").definedBy("io.learncast.forecast..")
            .layer("eval").definedBy("io.learncast.eval..")
            .layer("app").definedBy("io.learncast.app..")
            .layer("bench").definedBy("io.learncast.bench..")
            .whereLayer("bench").mayNotBeAccessedByAnyLayer()
            .whereLayer("app").mayOnlyBeAccessedByLayers("bench")
            .whereLayer("eval").mayOnlyBeAccessedByLayers("app", "bench")
            .whereLayer("forecaster").mayOnlyBeAccessedByLayers("eval", "app", "bench")
            .whereLayer("training-farm").mayOnlyBeAccessedByLayers("forecaster", "eval", "app", "bench")
            .as("modules stack dataset-builder < training-farm < forecaster < eval < app < bench");

    /** Every class belongs to one module's packages, so the layers above see all of them. */
    static final ArchRule EVERY_CLASS_IN_A_MODULE = classes()
            .should().resideInAnyPackage("io.learncast.common..", "io.learncast.data..", "io.learncast.farm..", "io.learncast.forecast..",
                    "io.learncast.eval..", "io.learncast.app..", "io.learncast.bench..")
            .as("every class lives in one module's packages");

    static final List<ArchRule> RULES = List.of(SMILE_ONLY_IN_FORECASTER, DL4J_ONLY_IN_TRAINERS, SQL_ONLY_IN_STORE_JDBC, MODULES_STACK, EVERY_CLASS_IN_A_MODULE);

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.learncast");
    }

    @Test
    void theMainCodeOfEveryModuleIsImported() {
        for (String pkg : List.of("io.learncast.common", "io.learncast.data", "io.learncast.farm.store.jdbc", "io.learncast.farm.train",
                "io.learncast.forecast.model", "io.learncast.eval.report", "io.learncast.app.cli", "io.learncast.bench.farm")) {
            assertTrue(main.containPackage(pkg), "no main classes of " + pkg + " were imported");
        }
    }

    @Test
    void smileOnlyInTheForecaster() { SMILE_ONLY_IN_FORECASTER.check(main); }

    @Test
    void dl4jOnlyInTheTrainers() { DL4J_ONLY_IN_TRAINERS.check(main); }

    @Test
    void sqlOnlyInTheStoresJdbcPackage() { SQL_ONLY_IN_STORE_JDBC.check(main); }

    @Test
    void modulesUseOnlyTheModulesBelowThem() { MODULES_STACK.check(main); }

    @Test
    void everyClassBelongsToAModule() { EVERY_CLASS_IN_A_MODULE.check(main); }

    @Test
    void eachRuleFailsOnAClassThatBreaksIt() {
        JavaClasses smile = new ClassFileImporter().importClasses(EvalUsesSmile.class);
        JavaClasses nd4j = new ClassFileImporter().importClasses(WorkerUsesNd4j.class);
        JavaClasses jdbc = new ClassFileImporter().importClasses(AppUsesJdbc.class);
        JavaClasses upward = new ClassFileImporter().importClasses(FarmUsesForecaster.class, io.learncast.forecast.model.FittedForecaster.class);
        JavaClasses stray = new ClassFileImporter().importClasses(ArchitectureTest.class, org.junit.jupiter.api.Test.class);
        assertTrue(SMILE_ONLY_IN_FORECASTER.evaluate(smile).hasViolation(), "Smile in eval passed");
        assertTrue(DL4J_ONLY_IN_TRAINERS.evaluate(nd4j).hasViolation(), "ND4J in the worker package passed");
        assertTrue(SQL_ONLY_IN_STORE_JDBC.evaluate(jdbc).hasViolation(), "java.sql in the app passed");
        assertTrue(MODULES_STACK.evaluate(upward).hasViolation(), "the farm using the forecaster passed");
        assertTrue(EVERY_CLASS_IN_A_MODULE.evaluate(stray).hasViolation(), "a class outside every module passed");
    }
}
